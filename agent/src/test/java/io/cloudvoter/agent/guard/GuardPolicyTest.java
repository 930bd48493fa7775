package io.cloudvoter.agent.guard;

import io.cloudvoter.agent.guard.GuardPolicy.Decision;
import io.cloudvoter.model.api.ResourceSample;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.cloudvoter.agent.guard.GuardLevel.CRITICAL;
import static io.cloudvoter.agent.guard.GuardLevel.HARD;
import static io.cloudvoter.agent.guard.GuardLevel.NORMAL;
import static io.cloudvoter.agent.guard.GuardLevel.SOFT;
import static io.cloudvoter.agent.guard.Samples.MB;
import static org.assertj.core.api.Assertions.assertThat;

/** The default thresholds (1 GB droplet) and a 10% hysteresis margin, fed fake samples. */
class GuardPolicyTest {
    static final GuardSettings DEFAULTS = settings(GuardSettings.defaultThresholds());
    final GuardPolicy policy = new GuardPolicy(DEFAULTS);

    static GuardSettings settings(Map<Metric, Thresholds> thresholds) {
        return new GuardSettings(true, Duration.ofSeconds(5), 0.3, 0.10, thresholds, Duration.ofSeconds(60),
                Duration.ofSeconds(5), Duration.ofMinutes(15));
    }

    GuardLevel from(GuardLevel current, ResourceSample s) {
        return policy.decide(current, s).level();
    }

    @Test
    void aCalmMachineIsNormal() {
        assertThat(policy.decide(NORMAL, Samples.calm()))
                .isEqualTo(new Decision(NORMAL, "every reading under its soft threshold"));
    }

    @Test
    void availableMemoryAtEachThresholdIsNotPastIt() {
        assertThat(from(NORMAL, Samples.available(200))).isEqualTo(NORMAL);
        assertThat(from(NORMAL, Samples.available(120))).isEqualTo(SOFT);
        assertThat(from(NORMAL, Samples.available(50))).isEqualTo(HARD);
    }

    @Test
    void availableMemoryJustUnderEachThresholdEntersThatLevel() {
        assertThat(from(NORMAL, Samples.available(199.9))).isEqualTo(SOFT);
        assertThat(from(NORMAL, Samples.available(119.9))).isEqualTo(HARD);
        assertThat(from(NORMAL, Samples.available(49.9))).isEqualTo(CRITICAL);
    }

    @Test
    void availableMemoryFarUnderGoesStraightToCritical() {
        var d = policy.decide(NORMAL, Samples.available(5));
        assertThat(d.level()).isEqualTo(CRITICAL);
        assertThat(d.reason()).isEqualTo("available memory 5 MB < critical 50 MB");
    }

    @Test
    void agentTreeAtJustOverAndFarOverItsThresholds() {
        assertThat(from(NORMAL, Samples.agentTree(650))).isEqualTo(NORMAL);
        assertThat(from(NORMAL, Samples.agentTree(650.1))).isEqualTo(SOFT);
        assertThat(from(NORMAL, Samples.agentTree(800))).isEqualTo(SOFT);
        assertThat(from(NORMAL, Samples.agentTree(800.1))).isEqualTo(HARD);
        var far = policy.decide(NORMAL, Samples.agentTree(5000));
        assertThat(far.level()).as("agent-pss has no critical level by default").isEqualTo(HARD);
        assertThat(far.reason()).isEqualTo("agent tree PSS 5000 MB > hard 800 MB");
    }

    @Test
    void cgroupWorkingSetAgainstMemoryMax() {
        // 2000 MB limit: soft 80% = 1600 MB, hard 90% = 1800 MB, critical 97% = 1940 MB
        assertThat(from(NORMAL, Samples.cgroup(1600, 2000))).isEqualTo(NORMAL);
        assertThat(from(NORMAL, Samples.cgroup(1601, 2000))).isEqualTo(SOFT);
        assertThat(from(NORMAL, Samples.cgroup(1800, 2000))).isEqualTo(SOFT);
        assertThat(from(NORMAL, Samples.cgroup(1801, 2000))).isEqualTo(HARD);
        assertThat(from(NORMAL, Samples.cgroup(1940, 2000))).isEqualTo(HARD);
        assertThat(from(NORMAL, Samples.cgroup(1941, 2000))).isEqualTo(CRITICAL);
        var critical = policy.decide(NORMAL, Samples.cgroup(1945, 2000));
        assertThat(critical.level()).isEqualTo(CRITICAL);
        assertThat(critical.reason()).isEqualTo("cgroup memory 97.3% > critical 97.0%");
    }

    @Test
    void nearTheCgroupLimitAvailableMemoryCountsWhatIsLeftUnderIt() {
        // The machine has 4 GB free, but only 800 - 790 = 10 MB are left under memory.max.
        var onlyAvailable = new GuardPolicy(settings(Map.of(Metric.AVAILABLE_MEMORY,
                GuardSettings.defaultThresholds().get(Metric.AVAILABLE_MEMORY))));
        var d = onlyAvailable.decide(NORMAL, Samples.cgroup(790, 800));
        assertThat(d.level()).isEqualTo(CRITICAL);
        assertThat(d.reason()).contains("available memory 10 MB < critical 50 MB");
    }

    @Test
    void fileCacheAloneDoesNotCountAgainstTheCgroupLimit() {
        // memory.current is 50 MB above the working set; only the working set is compared.
        assertThat(from(NORMAL, Samples.cgroup(1550, 2000))).isEqualTo(NORMAL);
    }

    @Test
    void cpuHasOnlyASoftLevelByDefault() {
        assertThat(from(NORMAL, Samples.cpu(90))).isEqualTo(NORMAL);
        assertThat(from(NORMAL, Samples.cpu(90.5))).isEqualTo(SOFT);
        assertThat(from(NORMAL, Samples.cpu(100))).isEqualTo(SOFT);
    }

    @Test
    void theCgroupsShareOfItsCpuQuotaCountsWhenHigherThanTheMachines() {
        var s = Samples.cpu(30);
        var throttled = new ResourceSample(s.time(), 30.0, s.machineMemoryTotal(), s.machineMemoryAvailable(), null,
                s.agentPss(), s.browserPss(), 6, null, null, null, 97.0);
        assertThat(policy.decide(NORMAL, throttled).reason()).isEqualTo("CPU 97.0% > soft 90.0%");
    }

    @Test
    void theMostSevereLevelWinsAndNamesEveryMetricPastIt() {
        var s = Samples.agentTree(900);
        var both = new ResourceSample(s.time(), 95.0, s.machineMemoryTotal(), 100 * MB, null, s.agentPss(), s.browserPss(),
                6, null, null, null, null);
        var d = policy.decide(NORMAL, both);
        assertThat(d.level()).isEqualTo(HARD);
        assertThat(d.reason()).isEqualTo("available memory 100 MB < hard 120 MB; agent tree PSS 900 MB > hard 800 MB");
    }

    @Test
    void hysteresisKeepsALevelUntilTheReadingIsBackByTheMargin() {
        // soft 650 MB, margin 10%: SOFT is left only under 585 MB.
        assertThat(from(SOFT, Samples.agentTree(640))).isEqualTo(SOFT);
        assertThat(from(SOFT, Samples.agentTree(585.1))).isEqualTo(SOFT);
        assertThat(from(SOFT, Samples.agentTree(585))).isEqualTo(NORMAL);
        // available memory: soft 200 MB, left only above 220 MB.
        var held = policy.decide(SOFT, Samples.available(210));
        assertThat(held).isEqualTo(new Decision(SOFT, "still available memory 210 MB over soft 200 MB by less than the 10% margin"));
        assertThat(from(SOFT, Samples.available(220.1))).isEqualTo(NORMAL);
    }

    @Test
    void hysteresisStepsDownOneLevelAtATime() {
        // hard 800 MB (left under 720 MB), soft 650 MB (left under 585 MB)
        assertThat(from(HARD, Samples.agentTree(790))).isEqualTo(HARD);
        assertThat(from(HARD, Samples.agentTree(700))).isEqualTo(SOFT);
        assertThat(from(HARD, Samples.agentTree(600))).isEqualTo(SOFT);
        var down = policy.decide(HARD, Samples.agentTree(500));
        assertThat(down.level()).isEqualTo(NORMAL);
        assertThat(down.reason()).startsWith("every reading back under its soft threshold by the 10% margin (available memory 600 MB, agent tree PSS 500 MB");
    }

    @Test
    void theMarginDoesNotHoldALevelTheGuardIsNotAt() {
        // 790 MB is within hard's margin, but from NORMAL only the soft threshold is crossed.
        assertThat(from(NORMAL, Samples.agentTree(790))).isEqualTo(SOFT);
    }

    @Test
    void aThresholdSwitchedOffIsIgnoredAndMissingReadingsAreSkipped() {
        var noCpu = new GuardPolicy(settings(Map.of(Metric.CPU, Thresholds.OFF)));
        assertThat(noCpu.decide(NORMAL, Samples.cpu(100)).level()).isEqualTo(NORMAL);
        var empty = new ResourceSample(Samples.T, null, null, null, null, null, null, null, null, null);
        assertThat(policy.decide(NORMAL, empty).level()).isEqualTo(NORMAL);
        assertThat(GuardPolicy.summary(empty)).isEqualTo("no readings");
    }
}

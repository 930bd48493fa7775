package io.cloudvoter.agent.guard;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class HeapTrimTest {
    static final long MB = 1024 * 1024;

    static HeapTrim.Reading heap(long liveMb, long committedMb) {
        return new HeapTrim.Reading(committedMb * MB, liveMb * MB);
    }

    @Test
    void aHeapMostlyFreeByMoreThan32MbIsWorthACollection() {
        assertThat(HeapTrim.worthTrimming(heap(20, 300))).as("after a burst").isTrue();
        assertThat(HeapTrim.worthTrimming(heap(20, 52))).as("exactly 32 MB free").isFalse();
        assertThat(HeapTrim.worthTrimming(heap(20, 53))).as("one over").isTrue();
        assertThat(HeapTrim.worthTrimming(heap(40, 80))).as("exactly half free").isFalse();
        assertThat(HeapTrim.worthTrimming(heap(40, 81))).as("just over half").isTrue();
        assertThat(HeapTrim.worthTrimming(heap(10, 30))).as("a small heap is left alone").isFalse();
        assertThat(HeapTrim.worthTrimming(heap(200, 300))).as("busy").isFalse();
    }

    @Test
    void theRealJvmCanBeRead() {
        var r = HeapTrim.read();
        assertThat(r.committed()).isPositive();
        assertThat(r.live()).isNotNegative().isLessThanOrEqualTo(Runtime.getRuntime().maxMemory());
    }

    @Test
    void collectsOnlyWhenWorthItAndNeverThrows() {
        var reading = new AtomicReference<>(heap(20, 300));
        var collections = new AtomicInteger();
        var trim = new HeapTrim(reading::get, () -> {
            collections.incrementAndGet();
            reading.set(heap(15, 200));
        });
        trim.run();
        assertThat(collections).hasValue(1);
        reading.set(heap(15, 30));
        trim.run();
        assertThat(collections).as("nothing more to give back").hasValue(1);
        new HeapTrim(() -> {
            throw new IllegalStateException("no reading");
        }, collections::incrementAndGet).run();
        assertThat(collections).hasValue(1);
    }
}

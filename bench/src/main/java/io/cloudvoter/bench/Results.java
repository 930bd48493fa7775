package io.cloudvoter.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every figure of a bench run, printed as a table and written as results.json. */
public final class Results {
    private final Map<String, Figure> figures = new LinkedHashMap<>();
    private final Map<String, Object> details = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    /** Every figure results.json must carry: name, unit, target. */
    static final List<String[]> EXPECTED = List.of(
            new String[]{"sessionMarginalPssMb", "MB", "<= 12"},
            new String[]{"browserPerInstanceMarginalPssMb", "MB", null},
            new String[]{"densityRatio", "x", ">= 5"},
            new String[]{"capacityRunsPerMin", "runs/min", ">= 300"},
            new String[]{"latenessP99Ms", "ms", "<= 5000"},
            new String[]{"peakPssAtCapacityMb", "MB", "<= 600"},
            new String[]{"latencyCapacityRunsPerMin", "runs/min", ">= 300"},
            new String[]{"latencyPeakPssMb", "MB", "<= 600"},
            new String[]{"inFlightPerWorker", "runs", ">= 12"},
            new String[]{"latencyRunP50Ms", "ms", null},
            new String[]{"idlePssMb", "MB", "<= 100"},
            new String[]{"runOverheadRatio", "x", "<= 1.10"},
            new String[]{"remoteRunOverheadRatio", "x", null},
            new String[]{"contextRestoreP50Ms", "ms", "<= 60"},
            new String[]{"wsP99Ms", "ms", "<= 5"},
            new String[]{"apiStatusP99Ms", "ms", "<= 5"},
            new String[]{"readyMs", "ms", "<= 3000"},
            new String[]{"firstRunMs", "ms", null});

    /** Adds every expected figure that was not measured, as null with {@code why}, in the expected order. */
    public synchronized void fillMissing(String why) {
        var ordered = new LinkedHashMap<String, Figure>();
        for (var e : EXPECTED) {
            ordered.put(e[0], figures.getOrDefault(e[0], new Figure(e[0], null, e[1], e[2], why)));
        }
        figures.forEach(ordered::putIfAbsent);
        figures.clear();
        figures.putAll(ordered);
    }

    public synchronized void put(String name, Double value, String unit, String target, String note) {
        var v = value == null || value.isNaN() || value.isInfinite() ? null
                : Math.abs(value) < 10 ? Math.round(value * 100) / 100.0 : Stats.round1(value); // ratios need two decimals
        figures.put(name, new Figure(name, v, unit, target, note));
    }

    /** A figure that could not be measured this time, with the reason. */
    public synchronized void missing(String name, String unit, String target, String why) {
        figures.put(name, new Figure(name, null, unit, target, why));
    }

    /** Numbers behind the figures (samples, per-step data, breakdowns), kept under "details". */
    public synchronized void detail(String key, Object value) {
        details.put(key, value);
    }

    public synchronized void problem(String text) {
        problems.add(text);
    }

    public synchronized Figure figure(String name) {
        return figures.get(name);
    }

    public synchronized void print(PrintStream out, Map<String, Object> machine) {
        out.println();
        out.printf("%-34s %10s  %-8s %-9s %s%n", "figure", "value", "unit", "target", "");
        out.println("-".repeat(110));
        for (var f : figures.values()) {
            var value = f.value() == null ? "null" : (f.value() == Math.rint(f.value()) ? String.format("%.0f", f.value()) : String.valueOf(f.value()));
            var met = f.met() == null ? "" : f.met() ? "met" : "MISSED";
            out.printf("%-34s %10s  %-8s %-9s %-7s %s%n", f.name(), value, f.unit(), f.target() == null ? "" : f.target(), met,
                    f.note() == null ? "" : f.note());
        }
        out.println("-".repeat(110));
        out.println("machine: " + machine.get("summary"));
        problems.forEach(p -> out.println("problem: " + p));
    }

    public synchronized void write(Path file, Map<String, Object> machine, Map<String, Object> run) throws IOException {
        var mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        ObjectNode root = mapper.createObjectNode();
        for (var f : figures.values()) {
            if (f.value() == null) {
                root.putNull(f.name());
            } else {
                root.put(f.name(), f.value());
            }
        }
        root.set("machine", mapper.valueToTree(machine));
        root.set("run", mapper.valueToTree(run));
        var meta = root.putObject("figures");
        for (var f : figures.values()) {
            var m = meta.putObject(f.name());
            m.put("unit", f.unit());
            if (f.target() != null) {
                m.put("target", f.target());
                if (f.met() != null) {
                    m.put("met", f.met());
                }
            }
            if (f.note() != null) {
                m.put("note", f.note());
            }
        }
        root.set("details", mapper.valueToTree(details));
        root.set("problems", mapper.valueToTree(problems));
        Files.createDirectories(file.toAbsolutePath().getParent());
        var tmp = file.resolveSibling(file.getFileName() + ".tmp");
        mapper.writeValue(tmp.toFile(), root);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}

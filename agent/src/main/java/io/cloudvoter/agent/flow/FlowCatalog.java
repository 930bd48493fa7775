package io.cloudvoter.agent.flow;

import io.cloudvoter.agent.files.FileErrors;
import io.cloudvoter.model.api.FlowInfo;
import io.cloudvoter.model.api.FlowProblem;
import io.cloudvoter.model.flow.FlowSpec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The flows folder: every {@code *.yaml}, {@code *.yml} and {@code *.json} in it (hidden files and
 * sub-folders ignored), parsed and validated. Good flows are kept by name; rejected files are kept
 * as problems. A bad file never takes a good flow down with it.
 *
 * <p>Readers see one immutable snapshot at a time; {@link #reload()} builds the next one and
 * publishes it with a single volatile write.
 */
public final class FlowCatalog {
    private static final Logger LOG = Logger.getLogger(FlowCatalog.class.getName());
    public static final long MAX_FILE_BYTES = 1 << 20;

    /** @param link a symbolic link (never followed, reported as rejected) */
    private record Stamp(FileTime modified, long size, boolean link) {
    }

    private record Entry(Stamp stamp, ParseResult result) {
    }

    private record Loaded(FlowSpec flow, String file) {
    }

    /** {@code folderError} is set when the folder itself could not be listed; the flows are then the last good ones. */
    private record Snapshot(Map<String, Entry> files, String folderError, Map<String, Loaded> flows, List<FlowProblem> problems) {
        static final Snapshot EMPTY = new Snapshot(Map.of(), null, Map.of(), List.of());
    }

    private final Path folder;
    private final FlowParser parser;
    private final Object reloadLock = new Object();
    private volatile Snapshot snapshot = Snapshot.EMPTY;
    private volatile Runnable onChange = () -> { };
    /**
     * Flows (this parse of them: identity, not equality) whose selectors Playwright has checked, and
     * what it found wrong; a flow with a wrong selector is not run, as if its file had been rejected.
     */
    private final Map<FlowSpec, List<FlowProblem>> selectorChecks = Collections.synchronizedMap(new java.util.IdentityHashMap<>());

    /** Creates the folder if it is missing and loads it. */
    public FlowCatalog(Path folder, FlowParser parser) {
        this.folder = folder;
        this.parser = parser;
        reload();
    }

    /**
     * Re-reads the folder if a file was added or removed, or its modification time or size changed.
     *
     * @return whether the flows or problems may have changed
     */
    public boolean reload() {
        synchronized (reloadLock) {
            var old = snapshot;
            Map<String, Stamp> stamps;
            try {
                stamps = scan();
            } catch (IOException e) {
                var error = "cannot read the flows folder: " + e;
                if (error.equals(old.folderError())) {
                    return false;
                }
                LOG.warning(folder + ": " + error + "; keeping the " + old.flows().size() + " flows loaded before");
                var problems = new ArrayList<>(old.problems().stream().filter(p -> !p.file().equals(folder.toString())).toList());
                problems.add(new FlowProblem(folder.toString(), "", error));
                snapshot = new Snapshot(old.files(), error, old.flows(), List.copyOf(problems));
                changed();
                return true;
            }
            var unchanged = old.folderError() == null && stamps.equals(
                    old.files().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().stamp())));
            if (unchanged) {
                return false;
            }
            var files = new TreeMap<String, Entry>();
            stamps.forEach((name, stamp) -> {
                var before = old.files().get(name);
                files.put(name, before != null && before.stamp().equals(stamp) ? before : new Entry(stamp, read(name, stamp)));
            });
            var next = index(files, old);
            logNewProblems(old, next);
            snapshot = next;
            changed();
            return true;
        }
    }

    public Optional<FlowSpec> find(String name) {
        return Optional.ofNullable(snapshot.flows().get(name)).map(Loaded::flow).filter(this::selectorsFine);
    }

    /** The loaded flows, by name. */
    public List<FlowInfo> flows() {
        return snapshot.flows().values().stream()
                .filter(l -> selectorsFine(l.flow()))
                .map(l -> new FlowInfo(l.flow().name(), l.file(), l.flow().target(), l.flow().timeout(),
                        l.flow().cooldown(), l.flow().steps().size()))
                .toList();
    }

    /** Why files were rejected (or their flows cannot run), by file name. */
    public List<FlowProblem> problems() {
        var problems = new ArrayList<>(snapshot.problems());
        snapshot.flows().values().forEach(l -> {
            var wrong = selectorChecks.get(l.flow());
            if (wrong != null) {
                wrong.forEach(p -> problems.add(new FlowProblem(l.file(), p.field(), p.reason())));
            }
        });
        problems.sort(java.util.Comparator.comparing(FlowProblem::file));
        return List.copyOf(problems);
    }

    /** How many files have problems (a file may have several). */
    public int rejectedFiles() {
        return (int) problems().stream().map(FlowProblem::file).distinct().count();
    }

    /**
     * Parses a flow that is not in the folder (a try, an upload) the way the folder's files are, its
     * problems placed at line and column.
     */
    public ParseResult parse(String fileName, String text) {
        return ProblemPlaces.place(parser.parse(fileName, text), fileName, text);
    }

    /** The loaded flows whose selectors have not been checked by Playwright yet. */
    public List<FlowSpec> unchecked() {
        return snapshot.flows().values().stream().map(Loaded::flow).filter(f -> !selectorChecks.containsKey(f)).toList();
    }

    public boolean checked(FlowSpec flow) {
        return selectorChecks.containsKey(flow);
    }

    /** What Playwright found wrong with {@code flow}'s selectors (empty: nothing); a flow with problems is not run. */
    public void selectorsChecked(FlowSpec flow, List<FlowProblem> problems) {
        selectorChecks.put(flow, List.copyOf(problems));
        if (!problems.isEmpty()) {
            LOG.warning("Flow " + flow.name() + " is not run: " + problems.stream().map(p -> p.field() + ": " + p.reason())
                    .collect(Collectors.joining("; ")));
        }
        selectorChecks.keySet().retainAll(snapshot.flows().values().stream().map(Loaded::flow)
                .collect(Collectors.toCollection(() -> Collections.newSetFromMap(new java.util.IdentityHashMap<>()))));
    }

    private boolean selectorsFine(FlowSpec flow) {
        var wrong = selectorChecks.get(flow);
        return wrong == null || wrong.isEmpty();
    }

    public Path folder() {
        return folder;
    }

    /** File name → stamp, sorted by name. Links are listed (to be refused), never followed. */
    private Map<String, Stamp> scan() throws IOException {
        Files.createDirectories(folder);
        var stamps = new TreeMap<String, Stamp>();
        try (var list = Files.list(folder)) {
            for (var path : list.toList()) {
                var name = path.getFileName().toString();
                if (!isFlowFile(name)) {
                    continue;
                }
                try {
                    var attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (attributes.isRegularFile() || attributes.isSymbolicLink()) {
                        stamps.put(name, new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.isSymbolicLink()));
                    } // a folder, FIFO or device named like a flow: not a flow, and a read could block
                } catch (NoSuchFileException gone) {
                    // deleted between listing and reading: the next reload agrees
                }
            }
        }
        return stamps;
    }

    static boolean isFlowFile(String name) {
        var lower = name.toLowerCase(Locale.ROOT);
        // Editors leave hidden lock and backup files next to the real one (".#vote.yaml").
        return !name.startsWith(".") && (lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json"));
    }

    /**
     * The stamp was taken before this read, so a write that races it shows up as a change next time.
     * Only a regular file inside the folder is read: a link is refused without being followed (one to
     * the token or to /etc/shadow would otherwise be parsed and quoted in the problems), and the file is
     * opened without following links too, in case one replaced it since the scan.
     */
    private ParseResult read(String name, Stamp stamp) {
        if (stamp.link()) {
            return rejected(name, "is a symbolic link; flows are read only from regular files in the flows folder"
                    + " (copy the file in instead)");
        }
        try (var channel = Files.newByteChannel(folder.resolve(name), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            var bytes = java.nio.channels.Channels.newInputStream(channel).readNBytes((int) MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                return rejected(name, "the file is larger than 1 MB; a flow file is a few lines");
            }
            var text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            return ProblemPlaces.place(parser.parse(name, text), name, text);
        } catch (CharacterCodingException e) {
            return rejected(name, "not UTF-8 text");
        } catch (IOException e) {
            return rejected(name, "cannot read the file: " + FileErrors.reason(e));
        }
    }

    private static ParseResult rejected(String file, String reason) {
        return new ParseResult.Rejected(List.of(new FlowProblem(file, "", reason)));
    }

    /**
     * One file per flow name: the file that already had the name keeps it (a new file must not take
     * over a running flow just because its name sorts first); a name nobody had goes to the first file
     * by name. The others are rejected, naming the one that has it.
     */
    private static Snapshot index(Map<String, Entry> files, Snapshot old) {
        var claims = new LinkedHashMap<String, List<String>>();
        var problems = new ArrayList<FlowProblem>();
        var lastGood = new ArrayList<Loaded>();
        files.forEach((file, entry) -> {
            switch (entry.result()) {
                case ParseResult.Rejected rejected -> {
                    problems.addAll(rejected.problems());
                    // A broken edit of a flow that ran: the last good version keeps running meanwhile.
                    old.flows().values().stream().filter(l -> l.file().equals(file)).findFirst().ifPresent(l -> {
                        lastGood.add(l);
                        problems.add(new FlowProblem(file, "", "the last good version of flow '" + l.flow().name()
                                + "' keeps running until this file is fixed or deleted"));
                    });
                }
                case ParseResult.Valid valid -> claims.computeIfAbsent(valid.flow().name(), n -> new ArrayList<>()).add(file);
            }
        });
        var flows = new TreeMap<String, Loaded>();
        claims.forEach((name, claimants) -> {
            var before = old.flows().get(name);
            var holder = before != null && claimants.contains(before.file()) ? before.file() : claimants.getFirst();
            flows.put(name, new Loaded(((ParseResult.Valid) files.get(holder).result()).flow(), holder));
            for (var file : claimants) {
                if (!file.equals(holder)) {
                    problems.add(new FlowProblem(file, "name", "flow name '" + name + "' is already used by " + holder
                            + "; rename one of them"));
                }
            }
        });
        for (var kept : lastGood) {
            flows.putIfAbsent(kept.flow().name(), kept); // a valid file that took the name meanwhile wins
        }
        problems.sort(java.util.Comparator.comparing(FlowProblem::file));
        return new Snapshot(Map.copyOf(files), null, Collections.unmodifiableMap(flows), List.copyOf(problems));
    }

    /** One line per rejected file, only when its problems differ from the last snapshot's. */
    private void logNewProblems(Snapshot old, Snapshot next) {
        var before = byFile(old.problems());
        byFile(next.problems()).forEach((file, problems) -> {
            if (!problems.equals(before.get(file))) {
                LOG.warning("Flow file " + folder.resolve(file) + " rejected: " + problems.stream()
                        .map(p -> p.field().isEmpty() ? p.reason() : p.field() + ": " + p.reason())
                        .collect(Collectors.joining("; ")));
            }
        });
        LOG.info(() -> "Flows folder " + folder + ": " + next.flows().size() + " flow(s) loaded " + next.flows().keySet()
                + ", " + byFile(next.problems()).size() + " file(s) with problems");
    }

    private static Map<String, List<FlowProblem>> byFile(List<FlowProblem> problems) {
        return problems.stream().collect(Collectors.groupingBy(FlowProblem::file, LinkedHashMap::new, Collectors.toList()));
    }

    // ---- the flows API: single files, written and removed under the reload lock ---------------

    /** Runs after every reload that changed the flows or their problems (the watcher's, the API's, at start). */
    public void onChange(Runnable listener) {
        this.onChange = listener;
    }

    private void changed() {
        try {
            onChange.run();
        } catch (RuntimeException e) {
            LOG.log(java.util.logging.Level.SEVERE, "a flows listener failed", e);
        }
    }

    /** Letters, digits, {@code . _ -}, at most 64: what a flow name may be. */
    public static boolean isFlowName(String name) {
        return name != null && FieldReader.NAME.matcher(name).matches();
    }

    /** The file a flow was loaded from. */
    public Optional<String> fileOf(String name) {
        return Optional.ofNullable(snapshot.flows().get(name)).map(Loaded::file);
    }

    /** The file of a loaded flow, else a flow file named {@code name} with any flow extension (a rejected one). */
    public Optional<String> locate(String name) {
        var loaded = fileOf(name);
        if (loaded.isPresent()) {
            return loaded;
        }
        return snapshot.files().keySet().stream().filter(f -> f.replaceFirst("\\.[^.]*$", "").equals(name)).findFirst();
    }

    public Optional<FlowInfo> info(String name) {
        return flows().stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public List<FlowProblem> problems(String file) {
        return problems().stream().filter(p -> p.file().equals(file)).toList();
    }

    /** A file's text as stored; empty when it is not there. */
    public Optional<String> source(String file) throws IOException {
        return new FlowFiles(folder).read(file);
    }

    public boolean exists(String file) {
        return new FlowFiles(folder).exists(file);
    }

    /**
     * Writes {@code file} in one step, removes {@code replaced} (a file the flow moves out of, or null) and
     * loads the folder, all before the watcher can look: it never sees a state the API did not make.
     */
    public void write(String file, String text, String replaced) throws IOException {
        synchronized (reloadLock) {
            var files = new FlowFiles(folder);
            files.write(file, text);
            if (replaced != null && !replaced.equals(file)) {
                files.delete(replaced);
            }
            forget(file);
            reload();
        }
    }

    /** Removes a flow file and loads the folder at once; false when it was not there. */
    public boolean delete(String file) throws IOException {
        synchronized (reloadLock) {
            boolean deleted = new FlowFiles(folder).delete(file);
            reload();
            return deleted;
        }
    }

    /** A rewrite may keep size and modification time (coarse clocks): the file is read again regardless. */
    private void forget(String file) {
        var s = snapshot;
        if (s.files().containsKey(file)) {
            var files = new TreeMap<>(s.files());
            files.remove(file);
            snapshot = new Snapshot(Map.copyOf(files), s.folderError(), s.flows(), s.problems());
        }
    }
}

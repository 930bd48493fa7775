package io.cloudvoter.agent.flow;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Reads and writes single files of the flows folder for the flows API. A write goes to a hidden
 * temporary file next to the target (the catalog ignores hidden files), is forced to disk and then
 * renamed over the target in one step, so the folder never holds half a flow, whoever looks.
 */
final class FlowFiles {
    private final Path folder;

    FlowFiles(Path folder) {
        this.folder = folder;
    }

    /** The file's text; empty when it is gone. Links are not followed, as when the catalog reads. */
    Optional<String> read(String file) throws IOException {
        try (var channel = Files.newByteChannel(inside(file), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            var bytes = Channels.newInputStream(channel).readNBytes((int) FlowCatalog.MAX_FILE_BYTES + 1);
            if (bytes.length > FlowCatalog.MAX_FILE_BYTES) {
                throw new IOException(file + " is larger than 1 MB");
            }
            return Optional.of(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (CharacterCodingException e) {
            throw new IOException(file + " is not UTF-8 text", e);
        }
    }

    void write(String file, String text) throws IOException {
        Files.createDirectories(folder);
        var target = inside(file);
        var temporary = Files.createTempFile(folder, "." + file + ".", ".part");
        try {
            try (var channel = FileChannel.open(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                var bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    boolean delete(String file) throws IOException {
        return Files.deleteIfExists(inside(file));
    }

    boolean exists(String file) {
        return Files.exists(inside(file), LinkOption.NOFOLLOW_LINKS);
    }

    /** A plain file name in the folder; never a path that leads out of it. */
    private Path inside(String file) {
        var path = folder.resolve(file).normalize();
        if (!path.getParent().equals(folder.normalize()) || !FlowCatalog.isFlowFile(file)) {
            throw new IllegalArgumentException("'" + file + "' is not a flow file name in the flows folder");
        }
        return path;
    }
}

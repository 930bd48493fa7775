package io.cloudvoter.model.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** Owner-only files and folders, written whole: what the agent's token and the desktop's profiles rely on. */
class PrivateFilesTest {
    @TempDir
    Path dir;

    static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aWriteMakesItsFolder0700AndTheFile0600AndLeavesNothingElse() throws IOException {
        var file = dir.resolve("a/b/token");
        PrivateFiles.write(file, "first\n".getBytes());
        PrivateFiles.write(file, "second\n".getBytes());

        assertThat(Files.readString(file)).isEqualTo("second\n");
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("a/b"))).isEqualTo("rwx------");
        assertThat(dir.resolve("a/b").toFile().list()).as("no temporary file left").containsExactly("token");
    }

    @Test
    void anExistingFileReplacedKeepsOwnerOnly() throws IOException {
        var file = Files.writeString(dir.resolve("profiles.json"), "{}");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        PrivateFiles.write(file, "[]".getBytes());
        assertThat(mode(file)).isEqualTo("rw-------");
    }

    @Test
    void foldersAreTightenedFilesCreatedOrTightenedAndLinksLeftAlone() throws IOException {
        var open = Files.createDirectories(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(mode(PrivateFiles.folderIfMissing(open))).as("an existing folder keeps its owner's mode").isEqualTo("rwxr-xr-x");
        assertThat(mode(PrivateFiles.folder(open))).isEqualTo("rwx------");

        assertThat(mode(PrivateFiles.file(dir.resolve("new.db")))).isEqualTo("rw-------");
        var shared = Files.writeString(dir.resolve("shared.db"), "x");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(mode(PrivateFiles.file(shared))).isEqualTo("rw-------");

        var target = Files.writeString(dir.resolve("elsewhere"), "x");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
        var link = Files.createSymbolicLink(dir.resolve("link"), target);
        PrivateFiles.restrict(link);
        assertThat(mode(target)).as("a link's target is not ours to change").isEqualTo("rw-r--r--");
    }
}

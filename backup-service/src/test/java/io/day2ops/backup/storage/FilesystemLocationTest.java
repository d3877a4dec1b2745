package io.day2ops.backup.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemLocationTest {

    @TempDir
    Path root;

    @Test
    void aPartAppearsOnlyWhenClosedAndTheManifestRecordsWhatWasWritten() throws Exception {
        FilesystemLocation location = new FilesystemLocation("default", root, false);
        BackupWriter writer = new BackupWriter(location, "b1");
        OutputStream out = writer.part("resources/pods.tar.gz");
        out.write("pods".getBytes(StandardCharsets.UTF_8));
        assertThat(root.resolve("b1/resources/pods.tar.gz")).doesNotExist();
        out.close();
        assertThat(root.resolve("b1/resources/pods.tar.gz")).hasContent("pods");
        StoredPart manifest = writer.writeManifest("{}".getBytes(StandardCharsets.UTF_8));

        BackupReader reader = new BackupReader(location, "b1");
        assertThat(reader.manifest(manifest.sha256())).isEqualTo("{}".getBytes(StandardCharsets.UTF_8));
        reader.verify(writer.parts());

        Files.writeString(root.resolve("b1/resources/pods.tar.gz"), "podz");
        assertThatThrownBy(() -> reader.verify(writer.parts()))
                .isInstanceOf(CorruptBackupException.class)
                .hasMessageContaining("part resources/pods.tar.gz does not match the manifest");
        assertThatThrownBy(() -> reader.manifest("0".repeat(64))).hasMessageContaining("manifest.json has sha256");
    }

    @Test
    void pathsThatEscapeTheBackupAreRefused() {
        FilesystemLocation location = new FilesystemLocation("default", root, false);
        BackupReader reader = new BackupReader(location, "b1");
        assertThatThrownBy(() -> reader.verify(List.of(new StoredPart("../b2/manifest.json", 1, "x"))))
                .hasMessageContaining("must stay inside the backup");
        assertThatThrownBy(() -> location.open("..", "etc/passwd")).hasMessageContaining("not allowed");
        assertThatThrownBy(() -> location.create("b1", "/etc/passwd")).hasMessageContaining("not allowed");
        assertThatThrownBy(() -> reader.manifest(null)).hasMessageContaining("never completed");
    }

    @Test
    void aReadOnlyLocationTakesNoBackup() {
        assertThatThrownBy(() -> new BackupWriter(new FilesystemLocation("dr-site", root, true), "b1"))
                .hasMessageContaining("ReadOnly");
    }
}

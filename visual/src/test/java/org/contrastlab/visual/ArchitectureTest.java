package org.contrastlab.visual;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** visual never sees core: its views take plain data, so no compiled class refers to org.contrastlab.core. */
class ArchitectureTest {
    @Test
    void visualClassesDoNotReferToCore() throws IOException {
        Path classes = Path.of("target/classes/org/contrastlab/visual");
        assertTrue(Files.isDirectory(classes), "compiled classes expected at " + classes.toAbsolutePath());
        List<String> offenders;
        try (Stream<Path> s = Files.walk(classes)) {
            offenders = s.filter(p -> p.toString().endsWith(".class"))
                    .filter(p -> read(p).contains("org/contrastlab/core")).map(Path::toString).toList();
        }
        assertEquals(List.of(), offenders, "visual must not depend on org.contrastlab.core");
    }

    private static String read(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

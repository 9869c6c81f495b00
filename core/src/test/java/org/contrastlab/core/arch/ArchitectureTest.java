package org.contrastlab.core.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** core never sees JavaFX: no compiled class of core refers to a javafx type. */
class ArchitectureTest {
    @Test
    void coreClassesDoNotReferToJavaFx() throws IOException {
        Path classes = Path.of("target/classes/org/contrastlab/core");
        assertTrue(Files.isDirectory(classes), "compiled classes expected at " + classes.toAbsolutePath());
        List<String> offenders;
        try (Stream<Path> s = Files.walk(classes)) {
            offenders = s.filter(p -> p.toString().endsWith(".class")).filter(ArchitectureTest::refersToJavaFx)
                    .map(Path::toString).toList();
        }
        assertEquals(List.of(), offenders, "core must not depend on JavaFX");
    }

    @Test
    void detectorFindsAJavaFxReferenceInAClassFile() throws IOException {
        // the check above must be able to fail: a class whose constant pool names a JavaFX type
        Path fake = Files.createTempFile("Fake", ".class");
        Files.write(fake, "\u00ca\u00fe\u00ba\u00be...Ljavafx/scene/Node;...".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(refersToJavaFx(fake));
        Files.delete(fake);
    }

    static boolean refersToJavaFx(Path classFile) {
        try {
            return new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1).contains("javafx/");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

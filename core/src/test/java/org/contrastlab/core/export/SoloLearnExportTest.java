package org.contrastlab.core.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.contrastlab.core.train.MethodPresets;
import org.contrastlab.core.train.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A run's recipe as solo-learn configurations: compared, value by value, with configurations
 * written here by hand from solo-learn's own pre-training scripts (its CIFAR BYOL script's
 * asymmetric views are exactly BYOL's preset; DINO's multi-crop at ImageNet's 224 px on 16 GPUs);
 * what solo-learn cannot express is listed; a method it does not have is refused.
 */
class SoloLearnExportTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @Test
    void byolOnCifarIsSoloLearnsOwnByolScript(@TempDir Path dir) throws IOException {
        TrainConfig run = MethodPresets.small("byol", "cifar10").toBuilder().steps(800).batchSize(128).build();
        SoloLearnExport.Export e = SoloLearnExport.of(run, new SoloLearnExport.Options("cifar10", null, null, "resnet18", 1000, 4, 1,
                null));
        assertTrue(e.notCarried().isEmpty(), e.notCarried().toString());
        SoloLearnFiles.write(e, dir, 4, 1);
        assertEquals(fixture("byol-cifar10.yaml"), YAML.readTree(dir.resolve("byol-cifar10.yaml").toFile()));
        assertEquals(fixture("augmentations/byol-cifar10.yaml"), YAML.readTree(dir.resolve("augmentations/byol-cifar10.yaml").toFile()));
        String launch = Files.readString(dir.resolve("launch.sh"));
        assertTrue(launch.contains("python3 main_pretrain.py --config-path " + dir.toAbsolutePath().normalize()
                + " --config-name byol-cifar10.yaml"), launch);
    }

    @Test
    void dinoGoesToImageNetOnTwoNodesWithItsMultiCrop(@TempDir Path dir) throws IOException {
        TrainConfig run = MethodPresets.small("dino", "cifar10").toBuilder().steps(800).batchSize(128).build();
        SoloLearnExport.Export e = SoloLearnExport.of(run, new SoloLearnExport.Options("imagenet", "/data/imagenet/train",
                "/data/imagenet/val", "vit_small", 100, 8, 2, 224));
        SoloLearnFiles.write(e, dir, 8, 2);
        assertEquals(fixture("dino-imagenet.yaml"), YAML.readTree(dir.resolve("dino-imagenet.yaml").toFile()));
        assertEquals(fixture("augmentations/dino-imagenet.yaml"), YAML.readTree(dir.resolve("augmentations/dino-imagenet.yaml").toFile()));
        assertEquals(List.of("weight decay 0.04 → 0.4 on a cosine: solo-learn's weight decay is constant; 0.04 written"), e.notCarried());
        String launch = Files.readString(dir.resolve("launch.sh"));
        assertTrue(launch.contains("WORLD_SIZE=16") && launch.contains("NODE_RANK") && launch.contains("MASTER_ADDR"), launch);
    }

    @Test
    void whatSoloLearnCannotSayIsListedNotDropped() {
        TrainConfig run = MethodPresets.small("byol", "cifar10").toBuilder().steps(800).batchSize(128)
                .methodParams(Map.of("predictor", 0.0)).gradClip(1.0).build();
        run = run.toBuilder().views(run.viewRecipe().withGroup(0, run.viewRecipe().groups().get(0).toBuilder().ratio(0.5, 4.0 / 3)
                .blur(0.5, 0.2, 2.0).build())).build();
        List<String> lines = SoloLearnExport.of(run, new SoloLearnExport.Options("cifar10", null, null, null, 1000, 1, 1, null))
                .notCarried();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("backbone convnet-small")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("views group 1: crop aspect ratio 0.5–1.33")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("views group 1: blur σ 0.2–2")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("--param predictor=0.0: BYOL without its predictor")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("gradient clipping at 1.0")), lines.toString());
        assertEquals(5, lines.size(), lines.toString());
    }

    /** Every key each of solo-learn's methods reads from {@code method_kwargs} (solo/methods/*.py), and whether it has a teacher. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "simclr|temperature proj_hidden_dim proj_output_dim|false",
        "moco-v2|temperature queue_size proj_hidden_dim proj_output_dim|true",
        "moco-v3|temperature proj_hidden_dim proj_output_dim pred_hidden_dim|true",
        "byol|proj_hidden_dim proj_output_dim pred_hidden_dim|true",
        "simsiam|proj_hidden_dim proj_output_dim pred_hidden_dim|false",
        "barlow-twins|lamb scale_loss proj_hidden_dim proj_output_dim|false",
        "swav|proj_output_dim sk_iters sk_epsilon temperature queue_size epoch_queue_starts freeze_prototypes_epochs proj_hidden_dim "
                + "num_prototypes|false",
        "dino|clip_grad freeze_last_layer proj_hidden_dim proj_output_dim use_bn_in_head num_prototypes norm_last_layer "
                + "student_temperature warmup_teacher_temperature teacher_temperature warmup_teacher_temperature_epochs|true"})
    void everyMethodSoloLearnHasGetsEveryKeyItReads(String method, String keys, boolean teacher, @TempDir Path dir) throws IOException {
        TrainConfig run = MethodPresets.small(method, "cifar10").toBuilder().steps(400).build();
        SoloLearnExport.Export e = SoloLearnExport.of(run, new SoloLearnExport.Options("cifar100", null, null, "resnet18", 400, 2, 1,
                null));
        SoloLearnFiles.write(e, dir, 2, 1);
        JsonNode config = YAML.readTree(dir.resolve(e.name() + ".yaml").toFile());
        for (String key : keys.split(" ")) {
            assertTrue(config.path("method_kwargs").has(key), method + ": method_kwargs." + key);
        }
        assertEquals(teacher, config.has("momentum"), method + ": momentum.base_tau/final_tau");
        JsonNode views = YAML.readTree(dir.resolve("augmentations").resolve(e.name() + ".yaml").toFile());
        assertTrue(views.isArray() && views.size() >= 1, method);
        for (JsonNode p : views) {
            for (String key : List.of("rrc", "color_jitter", "grayscale", "gaussian_blur", "solarization", "equalization",
                    "horizontal_flip", "crop_size", "num_crops")) {
                assertTrue(p.has(key), method + ": augmentations[]." + key);
            }
        }
    }

    @Test
    void aMethodSoloLearnDoesNotHaveIsRefusedWithThoseItHas() {
        TrainConfig run = MethodPresets.small("instdisc", "cifar10");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SoloLearnExport.of(run, new SoloLearnExport.Options("cifar10", null, null, null, 100, 1, 1, null)));
        assertTrue(e.getMessage().startsWith("solo-learn has no instdisc; of ours it has barlow-twins, byol, dino, moco-v2, moco-v3, "
                + "simclr, simsiam, swav"), e.getMessage());
    }

    private static JsonNode fixture(String name) throws IOException {
        try (InputStream in = SoloLearnExportTest.class.getResourceAsStream("/export/solo-learn/" + name)) {
            return YAML.readTree(in);
        }
    }
}

package org.mlmlab.model;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlmlab.Lab;
import org.mlmlab.corpus.ToyCorpus;
import org.mlmlab.tokenizer.LabTokenizer;
import org.mlmlab.tokenizer.TokenizerFiles;
import org.mlmlab.tokenizer.WordPieceTrainer;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class ModelFilesTest {

    private static LabTokenizer tokenizer(Path dir, int vocab) {
        TokenizerFiles.save(WordPieceTrainer.train(ToyCorpus.repeated(2).texts(),
                WordPieceTrainer.Config.defaults().withVocabSize(vocab)), dir);
        return LabTokenizer.load(dir, 24);
    }

    @Test
    void aSavedModelLoadsWithIdenticalOutputs(@TempDir Path dir) throws Exception {
        try (LabTokenizer tok = tokenizer(dir.resolve("tok"), 200);
             NDManager manager = NDManager.newBaseManager(Lab.device())) {
            ModelConfig config = new ModelConfig(tok.vocabSize(), 32, 2, 2, 24, 0, false);
            MlmModel model = ModelFactory.create(config, manager, 4);
            ModelFiles.save(model, tok, dir.resolve("model"));
            MlmModel loaded = ModelFiles.load(dir.resolve("model"), tok, manager);
            long[][] ids = {{5, 6, 2, 8}};
            int[][] seg = {{1, 1, 1, 1}};
            assertArrayEquals(MlmModelTest.forward(model, manager, ids, seg).toFloatArray(),
                    MlmModelTest.forward(loaded, manager, ids, seg).toFloatArray());
            assertEquals(config, ModelFiles.describe(dir.resolve("model")).config());
            assertEquals(tok.fingerprint(), ModelFiles.describe(dir.resolve("model")).tokenizerSha256());
        }
    }

    @Test
    void theFeedForwardRatioIsSavedAndAModelSavedBeforeItWasASettingReadsAsFour(@TempDir Path dir) throws Exception {
        try (LabTokenizer tok = tokenizer(dir.resolve("tok"), 200);
             NDManager manager = NDManager.newBaseManager(Lab.device())) {
            ModelConfig config = new ModelConfig(tok.vocabSize(), 16, 2, 1, 24, 0, false).withFeedForwardRatio(2);
            ModelFiles.save(ModelFactory.create(config, manager, 1), tok, dir.resolve("model"));
            assertEquals(config, ModelFiles.load(dir.resolve("model"), tok, manager).config());
            Path json = dir.resolve("model").resolve(ModelFiles.CONFIG);
            Files.writeString(json, Files.readString(json).replaceAll(",\\s*\"feedForwardRatio\": 2", ""));
            assertFalse(Files.readString(json).contains("feedForwardRatio"));
            assertEquals(ModelConfig.FEED_FORWARD_RATIO, ModelFiles.describe(dir.resolve("model")).config().feedForwardRatio());
            Files.writeString(json, Files.readString(json).replace("\"tieWeights\": false", "\"tieWeights\": false, \"feedForwardRatio\": 0"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelFiles.describe(dir.resolve("model"))).getMessage()
                    .contains("feed-forward ratio"));
        }
    }

    @Test
    void aDifferentTokenizerIsRefused(@TempDir Path dir) throws Exception {
        try (LabTokenizer tok = tokenizer(dir.resolve("a"), 200);
             LabTokenizer other = tokenizer(dir.resolve("b"), 180);
             NDManager manager = NDManager.newBaseManager(Lab.device())) {
            ModelFiles.save(ModelFactory.create(new ModelConfig(tok.vocabSize(), 16, 2, 1, 24, 0, false), manager, 1), tok,
                    dir.resolve("model"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ModelFiles.load(dir.resolve("model"), other, manager));
            assertTrue(e.getMessage().contains("was trained with the tokenizer in"), e.getMessage());
        }
    }

    @Test
    void missingOrCorruptFilesGetClearErrors(@TempDir Path dir) throws Exception {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelFiles.describe(dir)).getMessage().contains("No model in"));
        Files.writeString(dir.resolve(ModelFiles.CONFIG), "{not json");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelFiles.describe(dir)).getMessage().contains("corrupt"));
    }

    /** The tokenizer is recorded relative to the checkpoint: a project moved whole still loads. */
    @Test
    void aMovedProjectStillFindsTheTokenizer(@TempDir Path dir) throws Exception {
        Path before = dir.resolve("before");
        try (LabTokenizer tok = tokenizer(before.resolve("tokenizer"), 200);
             NDManager manager = NDManager.newBaseManager(Lab.device())) {
            MlmModel model = ModelFactory.create(new ModelConfig(tok.vocabSize(), 32, 2, 2, 24, 0, false), manager, 4);
            ModelFiles.save(model, tok, before.resolve("runs/main/checkpoints/step-000001"));
        }
        Path after = Files.move(before, dir.resolve("after"));
        Path checkpoint = after.resolve("runs/main/checkpoints/step-000001");
        assertFalse(Path.of(ModelFiles.describe(checkpoint).tokenizerDirectory()).isAbsolute(), "stored relative");
        try (var trained = org.mlmlab.training.TrainedModel.load(checkpoint, null)) {
            assertEquals(after.resolve("tokenizer").toAbsolutePath().normalize(), trained.tokenizer().directory().toAbsolutePath().normalize());
        }
    }

    /** A weight file whose numpy header declares a huge array is refused before anything is allocated. */
    @Test
    void aWeightFileDeclaringAHugeArrayIsRefusedBeforeItIsRead(@TempDir Path dir) throws Exception {
        try (LabTokenizer tok = tokenizer(dir.resolve("tok"), 200);
             NDManager manager = NDManager.newBaseManager(Lab.device())) {
            MlmModel model = ModelFactory.create(new ModelConfig(tok.vocabSize(), 32, 2, 1, 24, 0, false), manager, 4);
            ModelFiles.save(model, tok, dir.resolve("model"));
            Path weights = dir.resolve("model").resolve(ModelFiles.WEIGHTS);
            Path crafted = dir.resolve("crafted.npz");
            try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(weights));
                 var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(crafted))) {
                for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                    byte[] bytes = in.readAllBytes();
                    if (entry.getName().equals("tok.weight.npy")) {
                        String header = new String(bytes, 10, (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8, java.nio.charset.StandardCharsets.ISO_8859_1);
                        String huge = header.replaceFirst("'shape': \\(\\d+", "'shape': (2000000000");
                        byte[] h = huge.substring(0, header.length()).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                        System.arraycopy(h, 0, bytes, 10, h.length);
                    }
                    out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                    out.write(bytes);
                    out.closeEntry();
                }
            }
            Files.move(crafted, weights, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            java.io.IOException e = assertThrows(java.io.IOException.class, () -> ModelFiles.load(dir.resolve("model"), tok, manager));
            assertTrue(e.getMessage().contains("array tok.weight is (2000000000"), e.getMessage());
        }
    }
}

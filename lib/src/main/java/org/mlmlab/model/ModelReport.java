package org.mlmlab.model;

import ai.djl.nn.Block;
import ai.djl.util.Pair;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.Map;

/** Where a model's parameters are: counted from the model's own blocks, next to the formula. */
public final class ModelReport {
    private static final Map<String, String> LABELS = Map.of(
            "tok", "token embedding", "pos", "position embedding", "norm", "final norm", "head", "output head");

    private ModelReport() {
    }

    public static Table parameters(MlmModel model) {
        ModelConfig c = model.config();
        Table table = Table.create("Parameters of a " + c.layers() + "-layer model, D = " + c.dim() + ", V = " + c.vocabSize(),
                StringColumn.create("block"), StringColumn.create("formula"), LongColumn.create("parameters"));
        for (Pair<String, Block> child : model.getChildren()) {
            String name = MlmModel.childName(child.getKey());
            Block block = child.getValue();
            if (block instanceof EncoderLayer) {
                // one row per kind of part, named by what the part is (its type), whatever its name
                for (String kind : new String[] {"norms", "attention", "feed-forward"}) {
                    long n = block.getChildren().values().stream().filter(part -> kind(part).equals(kind)).mapToLong(ModelReport::size).sum();
                    add(table, name.replace("layers.", "layer ") + ": " + kind, layerFormula(kind, c), n);
                }
            } else {
                add(table, LABELS.getOrDefault(name, name), formula(name, c), size(block));
            }
        }
        // the tied head's bias belongs to the model itself
        long own = model.getDirectParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
        if (own > 0) {
            add(table, "output head", formula("head", c), own);
        }
        add(table, "total", "V D + T D + L x (" + String.format("%,d", c.parametersPerLayer()) + " a layer) + D + head", c.parameterCount());
        return table;
    }

    private static String formula(String name, ModelConfig c) {
        return switch (name) {
            case "tok" -> "V x D = " + c.vocabSize() + " x " + c.dim();
            case "pos" -> "T x D = " + c.maxLength() + " x " + c.dim();
            case "norm" -> "D";
            case "head" -> c.tieWeights() ? "V (bias; weight shared with the embedding)" : "D x V + V";
            default -> "";
        };
    }

    private static String layerFormula(String kind, ModelConfig c) {
        return switch (kind) {
            case "attention" -> "4 D^2 + 4 D (qkv and output)";
            case "feed-forward" -> "8 D^2 + 5 D (D -> 4D -> D)";
            default -> "2 x " + c.normParameters() + " (two norms)";
        };
    }

    /** What a part of an encoder layer is, by its type: the attention, the feed-forward block, or a norm. */
    private static String kind(Block part) {
        if (part instanceof SelfAttention) {
            return "attention";
        }
        return part instanceof FeedForward ? "feed-forward" : "norms";
    }

    private static long size(Block block) {
        return block.getParameters().values().stream().mapToLong(p -> p.getArray().size()).sum();
    }

    private static void add(Table table, String block, String formula, long parameters) {
        table.stringColumn("block").append(block);
        table.stringColumn("formula").append(formula);
        table.longColumn("parameters").append(parameters);
    }
}

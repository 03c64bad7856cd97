package org.mlmlab.model;

import ai.djl.nn.Parameter;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.LinkedHashMap;
import java.util.Map;

/** Where a model's parameters are: counted from the model itself, next to the formula. */
public final class ModelReport {
    private ModelReport() {
    }

    public static Table parameters(MlmModel model) {
        ModelConfig c = model.config();
        long d = c.dim();
        Map<String, Long> counted = new LinkedHashMap<>();
        Map<String, String> formula = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
            String block = blockOf(e.getKey());
            counted.merge(block, e.getValue().getArray().size(), Long::sum);
        }
        formula.put("token embedding", "V x D = " + c.vocabSize() + " x " + d);
        formula.put("position embedding", "T x D = " + c.maxLength() + " x " + d);
        for (int i = 0; i < c.layers(); i++) {
            formula.put("layer " + i + ": norms", "2 D");
            formula.put("layer " + i + ": attention", "4 D^2 + 4 D (qkv and output)");
            formula.put("layer " + i + ": feed-forward", "8 D^2 + 5 D (D -> 4D -> D)");
        }
        formula.put("final norm", "D");
        formula.put("output head", c.tieWeights() ? "V (bias; weight shared with the embedding)" : "D x V + V");
        Table table = Table.create("Parameters of a " + c.layers() + "-layer model, D = " + d + ", V = " + c.vocabSize(),
                StringColumn.create("block"), StringColumn.create("formula"), LongColumn.create("parameters"));
        counted.forEach((block, n) -> {
            table.stringColumn("block").append(block);
            table.stringColumn("formula").append(formula.getOrDefault(block, ""));
            table.longColumn("parameters").append(n);
        });
        table.stringColumn("block").append("total");
        table.stringColumn("formula").append("V D + T D + L (12 D^2 + 11 D) + D + head");
        table.longColumn("parameters").append(c.parameterCount());
        return table;
    }

    private static String blockOf(String name) {
        if (name.startsWith("tok.")) {
            return "token embedding";
        }
        if (name.startsWith("pos.")) {
            return "position embedding";
        }
        if (name.startsWith("layers.")) {
            String[] parts = name.split("\\.");
            String kind = switch (parts[2]) {
                case "n1", "n2" -> "norms";
                case "qkv", "o" -> "attention";
                default -> "feed-forward";
            };
            return "layer " + parts[1] + ": " + kind;
        }
        return name.startsWith("norm.") ? "final norm" : "output head";
    }
}

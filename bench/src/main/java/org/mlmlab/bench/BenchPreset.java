package org.mlmlab.bench;


import org.mlmlab.Lab;
import org.mlmlab.Preset;
import picocli.CommandLine.Option;

/** The {@code --preset} of a benchmark (the lab preset unless named), announced with what runs where. */
final class BenchPreset {
    @Option(names = "--preset", defaultValue = "lab", description = "tiny, lab, seed or gpu. Default: ${DEFAULT-VALUE}.")
    String name;

    /** The preset, after printing Java, DJL, engine, device and this preset. */
    Preset announce() {
        Preset preset = Preset.named(name);
        System.out.println(Lab.describe(preset));
        return preset;
    }
}

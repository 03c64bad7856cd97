package org.mlmlab.cli;

import org.mlmlab.Lab;
import org.mlmlab.Preset;
import org.mlmlab.lessons.LessonFiles;
import org.mlmlab.training.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./lab runs}: the runs of a preset, their settings and final scores. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "List the runs of a preset (data/runs/PRESET/NAME) with what they changed and their last validation scores.")
final class RunsCommand implements Callable<Integer> {
    @Option(names = "--preset", description = "tiny, lab, seed or gpu. Default: MLM_LAB_PRESET, else lab.")
    String preset;

    @Override
    public Integer call() {
        Preset p = preset == null ? Lab.preset() : Preset.named(preset);
        LessonFiles files = new LessonFiles(p);
        List<String> names = files.runs();
        if (names.isEmpty()) {
            System.out.printf("No runs for preset %s yet: train one with lesson 5, or ./lab train --name NAME%n", p);
            return 0;
        }
        List<RunRecord> runs = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (String name : names) {
            try {
                runs.add(RunRecord.load(name, files.runDir(name)));
            } catch (IllegalArgumentException e) {   // one broken run must not hide the others
                unreadable.add(name + ": " + e.getMessage());
            }
        }
        if (!runs.isEmpty()) {
            System.out.println(RunRecord.table(runs).printAll());
        }
        unreadable.forEach(line -> System.out.println("cannot read run " + line));
        return 0;
    }
}

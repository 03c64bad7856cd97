package org.mlmlab.cli;

import org.mlmlab.Lab;
import org.mlmlab.lessons.StudentEdition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./lab student}: the student edition of the lessons, solutions replaced by stubs (nbgrader's format). */
@Command(name = "student", mixinStandardHelpOptions = true,
        description = "Write the student edition of the lessons: every solution replaced by a stub, as nbgrader does. "
                + "A student notebook that already exists holds work and is kept (unless --replace).")
final class StudentCommand implements Callable<Integer> {
    @Option(names = "--from", description = "The teacher edition (the lessons with solutions). Default: notebooks/.")
    Path from;

    @Option(names = "--out", description = "Where the student edition goes. Default: student/.")
    Path out;

    @Option(names = "--replace", description = "Overwrite student notebooks that exist (their work is lost).")
    boolean replace;

    @Override
    public Integer call() throws IOException {
        Path teacher = from != null ? from : Lab.home().resolve("notebooks");
        Path student = out != null ? out : Lab.home().resolve("student");
        List<Path> written = StudentEdition.write(teacher, student, replace);
        System.out.printf("Student edition in %s: %d notebook(s) written%s.%n", student.toAbsolutePath(), written.size(),
                replace ? "" : ", existing ones kept (they hold work; --replace overwrites them)");
        return 0;
    }
}

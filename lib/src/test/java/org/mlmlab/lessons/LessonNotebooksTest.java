package org.mlmlab.lessons;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The lessons as notebooks: each has written mechanics with their checks and exercises, in nbgrader's format. */
class LessonNotebooksTest {
    /** Every lesson has written mechanics, each followed by a check, and exercises; its student edition has only stubs. */
    @Test
    void everyLessonHasSolutionsChecksAndExercisesInNbgradersFormat() throws IOException {
        Path lessons = Path.of(System.getProperty("user.dir")).resolveSibling("notebooks");
        try (var files = Files.list(lessons)) {
            for (Path notebook : files.filter(p -> p.getFileName().toString().matches("0[1-8].*\\.ipynb")).sorted().toList()) {
                String name = notebook.getFileName().toString();
                JsonObject teacher = JsonParser.parseString(Files.readString(notebook)).getAsJsonObject();
                JsonArray cells = teacher.getAsJsonArray("cells");
                int solutions = 0;
                int checks = 0;
                boolean exercises = false;
                for (var element : cells) {
                    JsonObject cell = element.getAsJsonObject();
                    String source = String.join("", cell.getAsJsonArray("source").asList().stream().map(e -> e.getAsString()).toList());
                    JsonObject meta = cell.getAsJsonObject("metadata");
                    if (meta.has("nbgrader") && meta.getAsJsonObject("nbgrader").get("solution").getAsBoolean()) {
                        solutions++;
                        assertTrue(source.contains(StudentEdition.BEGIN), name + ": a solution cell without a solution region");
                    }
                    if (meta.has("nbgrader") && meta.getAsJsonObject("nbgrader").get("grade").getAsBoolean()) {
                        checks++;
                        assertTrue(meta.getAsJsonObject("nbgrader").get("locked").getAsBoolean(), name + ": check cells are locked");
                    }
                    exercises |= "markdown".equals(cell.get("cell_type").getAsString()) && source.contains("## Exercises");
                }
                assertTrue(solutions > 0, name + " has no written mechanic");
                assertTrue(checks >= solutions, name + ": every mechanic needs its check");
                assertTrue(exercises, name + " has no exercises");
                String student = StudentEdition.of(teacher, name).toString();
                assertFalse(student.contains(StudentEdition.BEGIN), name + ": a solution left in the student edition");
                assertTrue(student.contains("new YourTurn()"), name);
            }
        }
    }
}

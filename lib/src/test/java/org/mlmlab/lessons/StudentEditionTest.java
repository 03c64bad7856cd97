package org.mlmlab.lessons;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The student edition follows nbgrader's ClearSolutions, keeps a student's work, and refuses malformed notebooks. */
class StudentEditionTest {
    static final String SOLUTION = """
            int twice(int x) {
                // BEGIN SOLUTION
                int y = x + x;
                return y;
                // END SOLUTION
            }
            String name() {
              // BEGIN SOLUTION
              return "lab";
              // END SOLUTION
            }""";

    @Test
    void solutionRegionsBecomeTheStubIndentedLikeTheirBeginLine() {
        String student = StudentEdition.clearSolutions(SOLUTION, "cell");
        assertEquals("""
                int twice(int x) {
                    // YOUR CODE HERE
                    throw new YourTurn();
                }
                String name() {
                  // YOUR CODE HERE
                  throw new YourTurn();
                }""", student);
        assertEquals("no region", StudentEdition.clearSolutions("no region", "cell"));
        assertThrows(IllegalArgumentException.class, () -> StudentEdition.clearSolutions("// BEGIN SOLUTION\nx", "cell"));
        assertThrows(IllegalArgumentException.class, () -> StudentEdition.clearSolutions("// BEGIN SOLUTION\n// BEGIN SOLUTION\n", "cell"));
    }

    static JsonObject notebook(boolean markSolution, String secondId) {
        String nbgrader = markSolution ? "\"nbgrader\": {\"grade\": false, \"grade_id\": \"twice\", \"locked\": false, \"schema_version\": 3, "
                + "\"solution\": true, \"task\": false}" : "";
        return JsonParser.parseString("""
                {"cells": [
                  {"cell_type": "code", "execution_count": 3, "metadata": {%s}, "outputs": [{"output_type": "stream", "name": "stdout", "text": "4"}],
                   "source": %s},
                  {"cell_type": "code", "execution_count": null, "metadata": {"nbgrader": {"grade": true, "grade_id": "%s", "locked": true,
                   "points": 1, "schema_version": 3, "solution": false, "task": false}}, "outputs": [], "source": ["check(twice(2));"]}],
                 "metadata": {"kernelspec": {"language": "java", "name": "mlm-lab"}}, "nbformat": 4, "nbformat_minor": 4}
                """.formatted(nbgrader, new com.google.gson.Gson().toJson(SOLUTION), secondId)).getAsJsonObject();
    }

    @Test
    void aNotebooksSolutionCellsAreClearedAndOutputsGo() {
        JsonObject student = StudentEdition.of(notebook(true, "twice-check"), "n.ipynb");
        JsonObject first = student.getAsJsonArray("cells").get(0).getAsJsonObject();
        String source = String.join("", first.getAsJsonArray("source").asList().stream().map(e -> e.getAsString()).toList());
        assertEquals(StudentEdition.clearSolutions(SOLUTION, "cell"), source);
        assertEquals(0, first.getAsJsonArray("outputs").size());
        assertTrue(first.get("execution_count").isJsonNull());
        assertEquals("check(twice(2));", student.getAsJsonArray("cells").get(1).getAsJsonObject().getAsJsonArray("source").get(0).getAsString());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StudentEdition.of(notebook(false, "twice-check"), "n.ipynb"))
                .getMessage().contains("not marked as a solution"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StudentEdition.of(notebook(true, "twice"), "n.ipynb"))
                .getMessage().contains("used twice"));
    }

    @Test
    void existingStudentNotebooksAreKept(@TempDir Path dir) throws IOException {
        Path teacher = Files.createDirectories(dir.resolve("teacher"));
        Path student = dir.resolve("student");
        Files.writeString(teacher.resolve("01.ipynb"), notebook(true, "a").toString());
        Files.writeString(teacher.resolve("02.ipynb"), notebook(true, "b").toString());
        assertEquals(2, StudentEdition.write(teacher, student, false).size());
        Files.writeString(student.resolve("01.ipynb"), "my work");
        Files.delete(student.resolve("02.ipynb"));
        assertEquals(List.of(student.resolve("02.ipynb")), StudentEdition.write(teacher, student, false));
        assertEquals("my work", Files.readString(student.resolve("01.ipynb")));
        assertEquals(2, StudentEdition.write(teacher, student, true).size());
        assertTrue(Files.readString(student.resolve("01.ipynb")).contains("new YourTurn()"));
    }

    /** The teachers' guide gives nbgrader's setting for the same stub: it must be this one. */
    @Test
    void theTeachersGuideGivesNbgraderTheSameStub() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("user.dir")).resolveSibling("TEACHING.md"));
        String python = StudentEdition.CODE_STUB.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        assertTrue(readme.contains("c.ClearSolutions.code_stub = {\"java\": \"" + python + "\"}"), "TEACHING.md's nbgrader setting differs from CODE_STUB");
    }
}

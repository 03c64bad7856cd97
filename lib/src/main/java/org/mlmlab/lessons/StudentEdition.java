package org.mlmlab.lessons;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonWriter;
import org.mlmlab.AtomicWrite;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes the student edition of a lesson from the teacher's, the way nbgrader's ClearSolutions
 * does (nbgrader itself cannot be installed here, so this follows its documented format): in a
 * cell marked {@code metadata.nbgrader.solution}, every region from a line holding
 * {@code BEGIN SOLUTION} to a line holding {@code END SOLUTION} becomes the code stub, indented
 * like the BEGIN line; outputs are cleared. A notebook in this format works with nbgrader as it
 * is: set nbgrader's {@code ClearSolutions.code_stub} for Java to {@link #CODE_STUB}.
 */
public final class StudentEdition {
    /** What a solution becomes: nbgrader's Java stub, then a stop that says, in one line, which method is the student's turn. */
    public static final String CODE_STUB = "// YOUR CODE HERE\nthrow new YourTurn();";
    static final String BEGIN = "BEGIN SOLUTION";
    static final String END = "END SOLUTION";
    private static final Pattern INDENT = Pattern.compile("^\\s*");

    private StudentEdition() {
    }

    /** One cell's source with its solution regions replaced by the stub (nbgrader's algorithm). */
    public static String clearSolutions(String source, String cell) {
        List<String> out = new ArrayList<>();
        boolean inSolution = false;
        for (String line : source.split("\n", -1)) {
            if (line.contains(BEGIN)) {
                if (inSolution) {
                    throw new IllegalArgumentException(cell + ": a BEGIN SOLUTION inside another solution region. Close the first with END SOLUTION.");
                }
                inSolution = true;
                Matcher indent = INDENT.matcher(line);
                String prefix = indent.find() ? indent.group() : "";
                for (String stub : CODE_STUB.split("\n")) {
                    out.add(prefix + stub);
                }
            } else if (line.contains(END)) {
                inSolution = false;
            } else if (!inSolution) {
                out.add(line);
            }
        }
        if (inSolution) {
            throw new IllegalArgumentException(cell + ": BEGIN SOLUTION without END SOLUTION. Close the region.");
        }
        return String.join("\n", out);
    }

    /** The student edition of a notebook; refuses solution regions outside solution cells and grade ids used twice. */
    public static JsonObject of(JsonObject notebook, String name) {
        JsonObject student = notebook.deepCopy();
        Set<String> ids = new HashSet<>();
        JsonArray cells = student.getAsJsonArray("cells");
        for (int i = 0; i < cells.size(); i++) {
            JsonObject cell = cells.get(i).getAsJsonObject();
            String where = name + ", cell " + (i + 1);
            JsonObject nbgrader = cell.has("metadata") && cell.getAsJsonObject("metadata").has("nbgrader")
                    ? cell.getAsJsonObject("metadata").getAsJsonObject("nbgrader") : null;
            String source = source(cell);
            boolean solution = nbgrader != null && nbgrader.has("solution") && nbgrader.get("solution").getAsBoolean();
            if (nbgrader != null && !ids.add(nbgrader.get("grade_id").getAsString())) {
                throw new IllegalArgumentException(where + ": grade_id " + nbgrader.get("grade_id") + " is used twice. Give each cell its own.");
            }
            if (source.contains(BEGIN) && !solution) {
                throw new IllegalArgumentException(where + ": a solution region in a cell not marked as a solution "
                        + "(metadata.nbgrader.solution). Mark the cell, or remove the region.");
            }
            if (solution) {
                setSource(cell, clearSolutions(source, where));
            }
            if ("code".equals(cell.get("cell_type").getAsString())) {
                cell.add("outputs", new JsonArray());
                cell.add("execution_count", null);
            }
        }
        return student;
    }

    /**
     * Writes the student edition of every notebook in {@code teacher} into {@code student}. An
     * existing student notebook holds a student's work: it is kept unless {@code replace}.
     * Returns the notebooks written.
     */
    public static List<Path> write(Path teacher, Path student, boolean replace) throws IOException {
        List<Path> written = new ArrayList<>();
        List<Path> notebooks;
        try (var files = Files.list(teacher)) {
            notebooks = files.filter(p -> p.getFileName().toString().endsWith(".ipynb")).sorted().toList();
        }
        if (notebooks.isEmpty()) {
            throw new IllegalArgumentException("No notebooks in " + teacher.toAbsolutePath() + ": point at the lessons (notebooks/).");
        }
        for (Path notebook : notebooks) {
            Path target = student.resolve(notebook.getFileName());
            if (Files.exists(target) && !replace) {
                continue;
            }
            JsonObject edition = of(read(notebook), notebook.getFileName().toString());
            AtomicWrite.write(target, out -> {
                Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
                JsonWriter json = new JsonWriter(writer);
                json.setIndent(" ");   // nbformat's layout
                GSON.toJson(edition, json);
                json.flush();
                writer.write("\n");
                writer.flush();
            });
            written.add(target);
        }
        return written;
    }

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private static JsonObject read(Path notebook) throws IOException {
        try {
            return JsonParser.parseString(Files.readString(notebook)).getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException(notebook + " is not a notebook (" + e.getMessage() + ").", e);
        }
    }

    private static String source(JsonObject cell) {
        JsonElement source = cell.get("source");
        if (source.isJsonArray()) {
            StringBuilder text = new StringBuilder();
            source.getAsJsonArray().forEach(line -> text.append(line.getAsString()));
            return text.toString();
        }
        return source.getAsString();
    }

    /** A cell's source in nbformat's layout: one string per line, each but the last ending in a new line. */
    private static void setSource(JsonObject cell, String text) {
        JsonArray lines = new JsonArray();
        String[] parts = text.split("\n", -1);
        for (int i = 0; i < parts.length; i++) {
            String line = i < parts.length - 1 ? parts[i] + "\n" : parts[i];
            if (!line.isEmpty()) {
                lines.add(new JsonPrimitive(line));
            }
        }
        cell.add("source", lines);
    }
}

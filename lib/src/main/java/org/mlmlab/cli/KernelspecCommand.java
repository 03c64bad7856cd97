package org.mlmlab.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.mlmlab.notebook.RapaioLauncher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Writes the "Java (mlm-lab)" kernelspec: a Java kernel with the library and its dependencies
 * already on the classpath, so notebooks need no magic cells. {@code ./lab setup} installs it.
 */
@Command(name = "kernelspec", mixinStandardHelpOptions = true,
        description = "Write the Jupyter kernelspec (kernel.json) for the lab.")
final class KernelspecCommand implements Callable<Integer> {
    static final String NAME = "mlm-lab";
    static final String DISPLAY_NAME = "Java (mlm-lab)";
    /** The imports every lesson uses, relative to the project root: the kernel runs them when it starts. */
    static final String IMPORTS = "lib/src/main/jshell/imports.jsh";
    @Option(names = "--kernel", defaultValue = "rapaio",
            description = "Which Java kernel runs the notebooks: rapaio (rapaio-jupyter-kernel, from Maven) "
                    + "or jjava (JJava, installed with pip; its own kernelspec must exist). Default: ${DEFAULT-VALUE}.")
    String kernel;

    @Option(names = "--rapaio-jar", description = "Path to rapaio-jupyter-kernel's jar (for --kernel rapaio).")
    Path rapaioJar;

    @Option(names = "--launcher-jar", description = "Path to the library's rapaio-launcher jar, which starts rapaio's kernel "
            + "without its start-up hang (for --kernel rapaio).")
    Path launcherJar;

    @Option(names = "--jjava-spec", description = "Folder of JJava's kernelspec: pip's, or an unpacked release zip "
            + "(for --kernel jjava).")
    Path jjavaSpec;

    @Option(names = "--classpath", required = true, description = "The library jar and its dependencies.")
    List<Path> classpath;

    @Option(names = "--home", required = true, description = "The project root (MLM_LAB_HOME).")
    Path home;

    @Option(names = "--heap", defaultValue = "1g", description = "Maximum Java heap of the kernel. Default: ${DEFAULT-VALUE}.")
    String heap;

    @Option(names = "--gpu", description = "Let DJL download the CUDA build of PyTorch (needs the internet once).")
    boolean gpu;

    @Option(names = "--out", required = true, description = "Folder to write kernel.json into.")
    Path out;

    @Override
    public Integer call() throws IOException {
        List<String> jars = classpath.stream().map(p -> p.toAbsolutePath().toString()).toList();
        JsonObject spec = switch (kernel) {
            // rapaio splits RJK_CLASSPATH on ';' on every platform; JJava uses the platform's separator.
            case "rapaio" -> rapaio(String.join(";", jars));
            case "jjava" -> jjava(String.join(File.pathSeparator, jars));
            default -> throw new IllegalArgumentException("--kernel must be rapaio or jjava, not " + kernel);
        };
        JsonObject env = spec.getAsJsonObject("env");
        env.addProperty("MLM_LAB_HOME", home.toAbsolutePath().toString());
        // Every lesson's imports, run when the kernel starts: rapaio reads one script, JJava a list of them.
        Path imports = home.toAbsolutePath().resolve(IMPORTS);
        if (!Files.isRegularFile(imports)) {
            throw new IllegalArgumentException("the lessons' imports are missing: " + imports + ". Is --home the project root?");
        }
        env.addProperty(kernel.equals("rapaio") ? "RJK_INIT_SCRIPT" : "JJAVA_STARTUP_SCRIPTS_PATH", imports.toString());
        // glibc's allocator as ./lab sets it (see there): without these a long run's memory creeps higher.
        LabAllocator.SETTINGS.forEach(env::addProperty);
        if (gpu) {
            env.addProperty("MLM_LAB_GPU", "1");
        }
        spec.addProperty("display_name", DISPLAY_NAME);
        spec.addProperty("language", "java");
        Files.createDirectories(out);
        Gson gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
        Files.writeString(out.resolve("kernel.json"), gson.toJson(spec), StandardCharsets.UTF_8);
        System.out.println("kernelspec '" + NAME + "' (" + kernel + ") written to " + out.resolve("kernel.json"));
        return 0;
    }

    private JsonObject rapaio(String cp) {
        if (rapaioJar == null || !Files.isRegularFile(rapaioJar)) {
            throw new IllegalArgumentException("rapaio-jupyter-kernel jar not found: " + rapaioJar
                    + ". Build the library first: mvn -f lib package");
        }
        if (launcherJar == null || !Files.isRegularFile(launcherJar)) {
            throw new IllegalArgumentException("the rapaio launcher jar was not found: " + launcherJar
                    + ". Build the library first: mvn -f lib package");
        }
        JsonObject spec = new JsonObject();
        JsonArray argv = new JsonArray();
        String kernelClasspath = rapaioJar.toAbsolutePath() + File.pathSeparator + launcherJar.toAbsolutePath();
        for (String a : List.of("java", "-Xmx" + heap, "-Djava.awt.headless=true", djlOffline(),
                "-cp", kernelClasspath, RapaioLauncher.class.getName(), "{connection_file}")) {
            argv.add(a);
        }
        spec.add("argv", argv);
        spec.addProperty("interrupt_mode", "message");
        JsonObject env = new JsonObject();
        env.addProperty("RJK_CLASSPATH", cp);
        env.addProperty("RJK_TIMEOUT_MILLIS", "-1");
        spec.add("env", env);
        return spec;
    }

    /**
     * JJava's own kernelspec (pip's, or an unpacked release folder) with our classpath and JVM options added.
     * Its argv names its jars as {@code {resource_dir}/...}; Jupyter would read that as our kernelspec's folder,
     * which holds only kernel.json, so the folder they are in is written out instead.
     */
    private JsonObject jjava(String cp) throws IOException {
        String install = "install JJava (pip install jjava), or unpack its release zip and set MLM_LAB_JJAVA=FOLDER; "
                + "then run MLM_LAB_KERNEL=jjava ./lab setup";
        if (jjavaSpec == null) {
            throw new IllegalArgumentException("Jupyter knows no JJava kernel (no kernelspec named java): " + install);
        }
        Path source = jjavaSpec.resolve("kernel.json");
        if (!Files.isRegularFile(source)) {
            throw new IllegalArgumentException("no JJava kernelspec at " + source + ": " + install);
        }
        JsonObject spec = JsonParser.parseString(Files.readString(source)).getAsJsonObject();
        String folder = jjavaSpec.toAbsolutePath().normalize().toString();
        JsonArray argv = new JsonArray();
        for (var arg : spec.getAsJsonArray("argv")) {
            String resolved = arg.getAsString().replace("{resource_dir}", folder);
            if (resolved.endsWith(".jar") && !Files.isRegularFile(Path.of(resolved))) {
                throw new IllegalArgumentException("JJava's kernelspec in " + folder + " names " + resolved
                        + ", which does not exist: reinstall JJava (pip install --force-reinstall jjava) or unpack its release zip again");
            }
            argv.add(resolved);
        }
        spec.add("argv", argv);
        JsonObject env = spec.has("env") ? spec.getAsJsonObject("env") : new JsonObject();
        env.addProperty("JJAVA_CLASSPATH", cp);
        String jvmOpts = env.has("JJAVA_JVM_OPTS") ? env.get("JJAVA_JVM_OPTS").getAsString() + " " : "";
        env.addProperty("JJAVA_JVM_OPTS", jvmOpts + "-Xmx" + heap + " -Djava.awt.headless=true " + djlOffline());
        spec.add("env", env);
        return spec;
    }

    private String djlOffline() {
        return "-Dai.djl.offline=" + !gpu;
    }
}

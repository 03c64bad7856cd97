package org.mlmlab.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class KernelspecCommandTest {
    /** The project root: the kernelspec names the lessons' imports in it. */
    static final String HOME = java.nio.file.Path.of(System.getProperty("user.dir")).getParent().toString();


    @Test
    void rapaioSpecPutsTheLibraryOnTheClasspath(@TempDir Path dir) throws Exception {
        Path jar = Files.createFile(dir.resolve("rapaio.jar"));
        Path launcher = Files.createFile(dir.resolve("launcher.jar"));
        int rc = new CommandLine(new KernelspecCommand()).execute("--kernel", "rapaio", "--rapaio-jar", jar.toString(),
                "--launcher-jar", launcher.toString(),
                "--classpath", "/x/a.jar", "--classpath", "/x/b.jar", "--home", HOME, "--heap", "700m", "--out", dir.toString());
        assertEquals(0, rc);
        JsonObject spec = JsonParser.parseString(Files.readString(dir.resolve("kernel.json"))).getAsJsonObject();
        assertEquals("Java (mlm-lab)", spec.get("display_name").getAsString());
        assertEquals("/x/a.jar;/x/b.jar", spec.getAsJsonObject("env").get("RJK_CLASSPATH").getAsString());
        assertEquals(HOME, spec.getAsJsonObject("env").get("MLM_LAB_HOME").getAsString());
        assertEquals(HOME + "/" + KernelspecCommand.IMPORTS, spec.getAsJsonObject("env").get("RJK_INIT_SCRIPT").getAsString());
        assertEquals("1", spec.getAsJsonObject("env").get("MALLOC_ARENA_MAX").getAsString(), "as ./lab runs Java");
        assertEquals("33554432", spec.getAsJsonObject("env").get("MALLOC_MMAP_THRESHOLD_").getAsString(), "as ./lab runs Java");
        assertEquals("1073741824", spec.getAsJsonObject("env").get("MALLOC_TRIM_THRESHOLD_").getAsString(), "as ./lab runs Java");
        String argv = spec.getAsJsonArray("argv").toString();
        assertTrue(argv.contains("-Xmx700m"));
        assertTrue(argv.contains("-Dai.djl.offline=true"));
        assertTrue(argv.endsWith("\"{connection_file}\"]"));
        // rapaio starts through our launcher, with rapaio's jar and the launcher's alone on the kernel's class path
        assertTrue(argv.contains("\"-cp\",\"" + jar + java.io.File.pathSeparator + launcher + "\",\"org.mlmlab.notebook.RapaioLauncher\""), argv);
    }

    @Test
    void labExportsTheKernelsAllocatorSettings() throws Exception {
        String lab = Files.readString(org.mlmlab.Lab.home().resolve("lab"));
        LabAllocator.SETTINGS.forEach((name, value) ->
                assertTrue(lab.contains("export " + name + "=\"${" + name + ":-" + value + "}\""), "./lab sets " + name + " to " + value));
    }

    /** The form pip's JJava and its release zips install (1.0-a4 to a7): jars named relative to {resource_dir}. */
    static final String JJAVA_KERNEL_JSON = """
            {"argv": ["java", "-jar", "{resource_dir}/jjava-launcher.jar", "{resource_dir}/jjava.jar", "{connection_file}"],
             "display_name": "Java (jjava)", "language": "java", "interrupt_mode": "message",
             "env": {"JJAVA_JVM_OPTS": "-Dx=1"}, "metadata": {}}""";

    @Test
    void jjavaSpecExtendsTheInstalledOneAndPointsAtItsJars(@TempDir Path dir) throws Exception {
        Path jjava = Files.createDirectories(dir.resolve("java"));
        Files.writeString(jjava.resolve("kernel.json"), JJAVA_KERNEL_JSON);
        Files.createFile(jjava.resolve("jjava.jar"));
        Files.createFile(jjava.resolve("jjava-launcher.jar"));
        Path out = dir.resolve("out");
        int rc = new CommandLine(new KernelspecCommand()).execute("--kernel", "jjava", "--jjava-spec", jjava.toString(),
                "--classpath", "/x/a.jar", "--home", HOME, "--out", out.toString());
        assertEquals(0, rc);
        JsonObject spec = JsonParser.parseString(Files.readString(out.resolve("kernel.json"))).getAsJsonObject();
        JsonObject env = spec.getAsJsonObject("env");
        assertEquals("/x/a.jar", env.get("JJAVA_CLASSPATH").getAsString());
        assertTrue(env.get("JJAVA_JVM_OPTS").getAsString().startsWith("-Dx=1 -Xmx1g"));
        // our kernelspec's folder holds only kernel.json: the jars are named where JJava installed them
        assertEquals(jjava.resolve("jjava-launcher.jar").toString(), spec.getAsJsonArray("argv").get(2).getAsString());
        assertEquals(jjava.resolve("jjava.jar").toString(), spec.getAsJsonArray("argv").get(3).getAsString());
        assertFalse(spec.getAsJsonArray("argv").toString().contains("{resource_dir}"));
        assertEquals("{connection_file}", spec.getAsJsonArray("argv").get(4).getAsString());
        assertEquals("Java (mlm-lab)", spec.get("display_name").getAsString());
    }

    @Test
    void aJJavaSpecWithoutItsJarsIsAClearError(@TempDir Path dir) throws Exception {
        Path jjava = Files.createDirectories(dir.resolve("java"));
        Files.writeString(jjava.resolve("kernel.json"), JJAVA_KERNEL_JSON);
        var err = new java.io.StringWriter();
        int rc = new CommandLine(new KernelspecCommand()).setErr(new java.io.PrintWriter(err)).execute("--kernel", "jjava",
                "--jjava-spec", jjava.toString(), "--classpath", "/x/a.jar", "--home", HOME, "--out", dir.resolve("out").toString());
        assertNotEquals(0, rc);
        assertTrue(err.toString().contains("jjava-launcher.jar, which does not exist"), err.toString());
        assertFalse(Files.exists(dir.resolve("out/kernel.json")));
    }

    @Test
    void aMissingJJavaIsAClearError(@TempDir Path dir) {
        for (String[] where : new String[][] {{"--jjava-spec", dir.resolve("none").toString()}, {}}) {
            var err = new java.io.StringWriter();
            var args = new java.util.ArrayList<>(List.of("--kernel", "jjava", "--classpath", "/x/a.jar", "--home", HOME,
                    "--out", dir.toString()));
            args.addAll(List.of(where));
            int rc = new CommandLine(new KernelspecCommand()).setErr(new java.io.PrintWriter(err)).execute(args.toArray(String[]::new));
            assertNotEquals(0, rc);
            assertTrue(err.toString().contains("pip install jjava"), err.toString());
        }
    }
}

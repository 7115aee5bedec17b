package org.jianbao.neo4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.neo4j.cli.ExecutionContext;
import org.neo4j.importer.ImportCommand;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;

import picocli.CommandLine;

/**
 * Replaces the database {@code neo4j} under a stopped home with the CSVs that
 * {@code kg neo4j csv} writes, through Neo4j's own offline importer (the engine of
 * {@code neo4j-admin database import full}).
 *
 * <p>The import runs into a staging home first; only when it succeeds are the database's
 * store and transaction folders swapped in (renames on one file system). A failed import
 * leaves the existing database as it was.
 */
final class CsvImport {

    static final String DATABASE = "neo4j";

    /** An import that could not be done; the message names the folder or file and the reason. */
    static final class Failed extends RuntimeException {
        Failed(String message) {
            super(message);
        }
    }

    private CsvImport() {
    }

    static void replaceDatabase(Path home, Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new Failed(dir + ": no such folder");
        }
        List<Path> nodes = csvFiles(dir, "nodes");
        List<Path> relationships = csvFiles(dir, "relationships");
        if (nodes.isEmpty()) {
            throw new Failed(dir + ": no nodes*.csv in it (write the files with `kg neo4j csv --out " + dir + "`)");
        }
        Path staging = home.resolve("import-staging");
        deleteTree(staging);
        Files.createDirectories(staging.resolve("conf"));
        Launcher.log("importing " + dir + " (" + names(nodes) + "; " + names(relationships) + ") ...");
        long started = System.nanoTime();
        // the database first: --nodes and --relationships take any number of files
        List<String> options = new ArrayList<>(List.of(DATABASE,
                "--overwrite-destination", "--array-delimiter=U+001F", "--ignore-empty-strings=true",
                "--multiline-fields=true",
                "--report-file=" + staging.resolve("import.report")));
        nodes.forEach(p -> options.add("--nodes=" + p));
        relationships.forEach(p -> options.add("--relationships=" + p));
        ExecutionContext context = new ExecutionContext(
                staging, staging.resolve("conf"), System.out, System.err, new DefaultFileSystemAbstraction());
        int code = new CommandLine(new ImportCommand.Full(context)).execute(options.toArray(new String[0]));
        if (code != 0) {
            deleteTree(staging);
            throw new Failed("the import of " + dir + " failed (Neo4j's importer says why above, exit code " + code
                    + "); database " + DATABASE + " left as it was");
        }
        swapIn(staging.resolve("data"), home.resolve("data"));
        deleteTree(staging);
        Launcher.log(String.format("imported %s into database %s in %.1f s", dir, DATABASE,
                (System.nanoTime() - started) / 1e9));
    }

    /** Moves the staged store and transaction folders of the database into {@code data}. */
    private static void swapIn(Path staged, Path data) throws IOException {
        Path previous = data.resolve("import-previous");
        deleteTree(previous);
        List<String> parts = List.of("databases", "transactions");
        for (String part : parts) {
            Files.createDirectories(data.resolve(part));
            Files.createDirectories(previous.resolve(part));
            Path current = data.resolve(part).resolve(DATABASE);
            if (Files.exists(current)) {
                Files.move(current, previous.resolve(part).resolve(DATABASE), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        try {
            for (String part : parts) {
                Files.move(staged.resolve(part).resolve(DATABASE), data.resolve(part).resolve(DATABASE),
                        StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            for (String part : parts) {  // put the previous database back
                Path back = previous.resolve(part).resolve(DATABASE);
                if (Files.exists(back)) {
                    deleteTree(data.resolve(part).resolve(DATABASE));
                    Files.move(back, data.resolve(part).resolve(DATABASE), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            throw e;
        }
        deleteTree(previous);
    }

    private static List<Path> csvFiles(Path dir, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(prefix) && name.endsWith(".csv") && Files.isRegularFile(p);
            }).sorted().toList();
        }
    }

    private static String names(List<Path> files) {
        return files.isEmpty() ? "no relationships" : String.join(", ", files.stream()
                .map(p -> p.getFileName().toString()).toList());
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}

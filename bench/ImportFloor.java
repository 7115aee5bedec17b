// Mirror benchmark, floor: how fast Neo4j's own offline importer (the engine of
// `neo4j-admin database import full`) loads the graph's CSVs (`kg neo4j csv`), in one warm JVM.
//
// Run by bench/mirror.py as a single-file program on the launcher's class path:
//   java -cp 'neo4j-launcher/target/lib/*' bench/ImportFloor.java CSV_DIR SCRATCH_HOME ROUNDS [IMPORT_OPTION ...]
// Each round: start an embedded DBMS on SCRATCH_HOME, stop it, import the CSVs over its
// `neo4j` database (--overwrite-destination), start it again and count what it holds, stop it.
// Prints one line per round: "round N import_ms=… stop_ms=… start_ms=… nodes=… relationships=…".
// Community Neo4j cannot stop one database while the DBMS runs (STOP DATABASE is an Enterprise
// command), so an import into a live server costs a whole DBMS stop and start, timed here too.

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Map;

import org.neo4j.cli.ExecutionContext;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.importer.ImportCommand;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import picocli.CommandLine;

public class ImportFloor {
    static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    static long count(GraphDatabaseService db, String cypher) {
        return db.executeTransactionally(cypher, Map.of(), r -> ((Number) r.next().get("c")).longValue());
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: ImportFloor CSV_DIR SCRATCH_HOME ROUNDS [IMPORT_OPTION ...]");
            System.exit(2);
        }
        var csv = Paths.get(args[0]).toAbsolutePath();
        var home = Paths.get(args[1]).toAbsolutePath();
        int rounds = Integer.parseInt(args[2]);
        Files.createDirectories(home.resolve("conf"));
        var quiet = new PrintStream(OutputStream.nullOutputStream());
        for (int round = 1; round <= rounds; round++) {
            DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home).build();
            dbms.database("neo4j").executeTransactionally("RETURN 1");
            long t = System.nanoTime();
            dbms.shutdown();
            long stop = ms(t);

            t = System.nanoTime();
            var context = new ExecutionContext(home, home.resolve("conf"), quiet, System.err, new DefaultFileSystemAbstraction());
            var options = new java.util.ArrayList<String>(java.util.List.of(
                    "--overwrite-destination", "--array-delimiter=U+001F", "--ignore-empty-strings=true",
                    "--nodes=" + csv.resolve("nodes.csv"), "--relationships=" + csv.resolve("relationships.csv"),
                    "--report-file=" + home.resolve("import.report")));
            options.addAll(java.util.Arrays.asList(args).subList(3, args.length));
            options.add("neo4j");
            int rc = new CommandLine(new ImportCommand.Full(context)).execute(options.toArray(new String[0]));
            long imported = ms(t);
            if (rc != 0) {
                System.err.println("import failed with exit code " + rc);
                System.exit(1);
            }

            t = System.nanoTime();
            dbms = new DatabaseManagementServiceBuilder(home).build();
            GraphDatabaseService db = dbms.database("neo4j");
            long nodes = count(db, "MATCH (n) RETURN count(n) AS c");
            long started = ms(t);
            long rels = count(db, "MATCH ()-[r]->() RETURN count(r) AS c");
            dbms.shutdown();
            System.out.printf("round %d import_ms=%d stop_ms=%d start_ms=%d nodes=%d relationships=%d%n",
                    round, imported, stop, started, nodes, rels);
        }
    }
}

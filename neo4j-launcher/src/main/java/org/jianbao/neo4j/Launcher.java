package org.jianbao.neo4j;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * Starts an embedded Neo4j Community server whose only connector is Bolt on
 * 127.0.0.1, with authentication enabled and the password of user {@code neo4j}
 * set from the command line / environment. Runs until SIGTERM / SIGINT.
 */
public final class Launcher {

    static final String HOST = "127.0.0.1";
    static final String USER = "neo4j";
    static final String DEFAULT_PASSWORD = "jianbao-dev-password";
    static final int DEFAULT_PORT = 7687;
    static final String DEFAULT_PAGECACHE = "512m";
    static final int MIN_PASSWORD_LENGTH = 8;

    private Launcher() {
    }

    public static void main(String[] args) {
        Options opts;
        try {
            opts = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("neo4j-launcher: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (opts.help) {
            System.out.println(Options.USAGE);
            return;
        }
        try {
            run(opts);
        } catch (CsvImport.Failed e) {
            System.err.println("neo4j-launcher: " + e.getMessage());
            System.err.flush();
            System.exit(1);
        } catch (Throwable t) {
            System.err.println("neo4j-launcher: failed to start: " + t);
            t.printStackTrace(System.err);
            System.err.flush();
            // exit (not return): Neo4j may have started non-daemon threads. Runs the
            // shutdown hook, if registered, which shuts the databases down cleanly.
            System.exit(1);
        }
    }

    private static void run(Options opts) throws IOException {
        Path home = opts.home.toAbsolutePath().normalize();
        Files.createDirectories(home);
        if (opts.importDir != null) {
            CsvImport.replaceDatabase(home, opts.importDir.toAbsolutePath().normalize());
        }
        log("starting Neo4j (embedded, Community) home=" + home + " bolt=" + HOST + ":" + opts.port);

        // The builder takes raw "key=value" settings only from a file, so the string-valued
        // ones are written to a generated config file under <home>/conf (rewritten each start).
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("server.memory.pagecache.size", opts.pageCache);
        // Keep transaction logs small for a dev/test store: each log file is preallocated to
        // the rotation size (256 MiB by default, i.e. ~515 MiB on disk for an empty server).
        raw.put("db.tx_log.rotation.size", "32M");
        raw.put("db.tx_log.rotation.retention_policy", "2 files");
        // No lock-out after repeated wrong passwords: by default 3 failures in a row lock user
        // neo4j for 5 s (Neo.ClientError.Security.AuthenticationRateLimit, even for the right
        // password), which makes "wrong password" tests break the tests that follow them.
        // Loopback-only dev server, so this is safe; override with --conf if wanted.
        raw.put("dbms.security.auth_max_failed_attempts", "0");
        // Bolt's worker pool waits 5 s (twice) on shutdown by default; 1 s keeps
        // `neo4j-down` quick. (Internal setting of Neo4j 5.26; drop it if a later version rejects it.)
        raw.put("internal.server.bolt.thread_pool_shutdown_wait_time", "1s");
        raw.putAll(opts.extraConf);
        Path conf = home.resolve("conf").resolve("launcher-generated.conf");
        Files.createDirectories(conf.getParent());
        StringBuilder text = new StringBuilder("# Written by the Jianbao neo4j-launcher at each start; edits are lost.\n");
        raw.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(conf, text.toString(), StandardCharsets.UTF_8);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .loadPropertiesFromFile(conf)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, opts.port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, opts.port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log("shutting down");
            try {
                dbms.shutdown();
                log("stopped");
            } catch (Throwable t) {
                System.err.println("neo4j-launcher: error during shutdown: " + t);
            } finally {
                stopped.countDown();
                System.out.flush();
            }
        }, "neo4j-launcher-shutdown"));

        setPassword(dbms, opts.password);

        // Touch the default database so a broken store fails here, not on the first query.
        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        db.executeTransactionally("RETURN 1");

        long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        log("neo4j ready bolt://" + HOST + ":" + opts.port + " user=" + USER + " home=" + home
                + String.format(" (%.1fs after JVM start)", ms / 1000.0));

        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Sets the password of {@code neo4j} through the system database. A fresh store
     * starts with password "neo4j" and a forced change; an existing one may already
     * hold this password, which Neo4j refuses to "change" to itself, so that case only
     * clears the change-required flag.
     */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        try {
            system.executeTransactionally(
                    "ALTER USER " + USER + " SET PASSWORD $p CHANGE NOT REQUIRED", Map.of("p", password));
            log("password of user '" + USER + "' set");
        } catch (RuntimeException e) {
            String msg = String.valueOf(e.getMessage());
            if (!msg.contains("Old password and new password cannot be the same")) {
                throw e;
            }
            system.executeTransactionally("ALTER USER " + USER + " SET PASSWORD CHANGE NOT REQUIRED");
            log("password of user '" + USER + "' unchanged");
        }
    }

    static void log(String msg) {
        System.out.println(msg);
        System.out.flush();
    }

    /** Command-line flags, with environment variables as defaults. */
    static final class Options {
        static final String USAGE = String.join("\n",
                "usage: java -jar neo4j-launcher/target/launcher.jar [flags]",
                "  --home DIR        Neo4j home: data/ and logs/ go under it",
                "                    (env JIANBAO_NEO4J_HOME; default <repo>/.cache/neo4j)",
                "  --port N          Bolt port on 127.0.0.1 (env NEO4J_BOLT_PORT; default 7687)",
                "  --password P      password of user neo4j, >= 8 chars",
                "                    (env NEO4J_PASSWORD; default " + DEFAULT_PASSWORD + ")",
                "  --pagecache SIZE  page cache, e.g. 512m (env NEO4J_PAGECACHE; default 512m)",
                "  --conf KEY=VALUE  any other Neo4j setting (repeatable)",
                "  --import DIR      before starting, replace database neo4j with the CSVs in DIR",
                "                    (`kg neo4j csv --out DIR`; env NEO4J_IMPORT_DIR); on a failed",
                "                    import the database is left as it was and the launcher exits 1",
                "  -h, --help");

        Path home;
        int port;
        String password;
        String pageCache;
        Path importDir;
        final Map<String, String> extraConf = new LinkedHashMap<>();
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            String home = env("JIANBAO_NEO4J_HOME", null);
            String port = env("NEO4J_BOLT_PORT", String.valueOf(DEFAULT_PORT));
            o.password = env("NEO4J_PASSWORD", DEFAULT_PASSWORD);
            o.pageCache = env("NEO4J_PAGECACHE", DEFAULT_PAGECACHE);
            String importDir = env("NEO4J_IMPORT_DIR", null);
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                String value = null;
                int eq = a.indexOf('=');
                if (a.startsWith("--") && eq > 0 && !a.startsWith("--conf=")) {
                    value = a.substring(eq + 1);
                    a = a.substring(0, eq);
                } else if (a.startsWith("--conf=")) {
                    value = a.substring("--conf=".length());
                    a = "--conf";
                }
                switch (a) {
                    case "-h":
                    case "--help":
                        o.help = true;
                        break;
                    case "--home":
                        home = value != null ? value : next(args, ++i, a);
                        break;
                    case "--port":
                        port = value != null ? value : next(args, ++i, a);
                        break;
                    case "--password":
                        o.password = value != null ? value : next(args, ++i, a);
                        break;
                    case "--import":
                        importDir = value != null ? value : next(args, ++i, a);
                        break;
                    case "--pagecache":
                        o.pageCache = value != null ? value : next(args, ++i, a);
                        break;
                    case "--conf": {
                        String kv = value != null ? value : next(args, ++i, a);
                        int k = kv.indexOf('=');
                        if (k <= 0) {
                            throw new IllegalArgumentException("--conf wants KEY=VALUE, got: " + kv);
                        }
                        o.extraConf.put(kv.substring(0, k).trim(), kv.substring(k + 1).trim());
                        break;
                    }
                    default:
                        throw new IllegalArgumentException("unknown argument: " + args[i]);
                }
            }
            try {
                o.port = Integer.parseInt(port.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port: " + port);
            }
            if (o.port < 1 || o.port > 65535) {
                throw new IllegalArgumentException("bad port: " + port);
            }
            if (o.password.length() < MIN_PASSWORD_LENGTH) {
                throw new IllegalArgumentException(
                        "password must be at least " + MIN_PASSWORD_LENGTH + " characters");
            }
            o.home = home != null ? Paths.get(home) : defaultHome();
            o.importDir = importDir != null ? Paths.get(importDir) : null;
            return o;
        }

        private static String next(String[] args, int i, String flag) {
            if (i >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            return args[i];
        }

        private static String env(String name, String dflt) {
            String v = System.getenv(name);
            return v == null || v.isEmpty() ? dflt : v;
        }

        /**
         * {@code <repo>/.cache/neo4j} when running from {@code <repo>/neo4j-launcher/target/};
         * otherwise {@code .cache/neo4j} under the working directory.
         */
        static Path defaultHome() {
            try {
                Path codeSource = Paths.get(
                        Launcher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                Path target = codeSource.getParent();
                if (target != null && target.getFileName() != null
                        && target.getFileName().toString().equals("target")
                        && target.getParent() != null
                        && target.getParent().getFileName() != null
                        && target.getParent().getFileName().toString().equals("neo4j-launcher")
                        && target.getParent().getParent() != null) {
                    return target.getParent().getParent().resolve(".cache").resolve("neo4j");
                }
            } catch (URISyntaxException | RuntimeException ignored) {
                // fall through
            }
            return Paths.get(".cache", "neo4j");
        }
    }
}

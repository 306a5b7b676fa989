package no.klipp.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs test/backup-restore.sh: a backup taken from a running server on the real PostgreSQL
 * restores into an empty database with every visit (under a minute on a quiet machine; skip it with
 * -Dklipp.skipBackupTest=true).
 */
@Tag("deb")
class BackupRestoreTest {

  @Test
  void backupOfARunningServerRestoresEveryVisit() {
    assumeFalse(Boolean.getBoolean("klipp.skipBackupTest"), "skipped with -Dklipp.skipBackupTest=true");
    for (var tool : new String[] {"psql", "pg_dump", "pg_restore", "pg_isready", "curl", "jq"}) {
      assumeTrue(Command.available(tool), tool + " is not installed: backup and restore not tried");
    }
    assumeTrue(Command.of("pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432").run().exitCode() == 0,
        "no PostgreSQL at 127.0.0.1:5432: backup and restore not tried");
    var result = Command.of(Sources.dir().resolve("test/backup-restore.sh").toString())
        .run(java.time.Duration.ofMinutes(6));
    System.out.println(result.output());
    assertEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains("duplicates: 0   lost: 0"), result.output());
    assertTrue(result.output().contains("backup and restore: ok"), result.output());
  }
}

/**
 * One staging variant with the optional switches of scanning, image signatures and backup flipped at once: they are
 * independent of each other, so a single program run (shared by every test that uses it) covers them all.
 */
export const VARIANT = {
  overrides: {
    scanning: { scanners: { infraAssessment: true }, serviceMonitor: true, signatures: { mode: "warn" } },
    backup: { fileSystemBackup: true, retentionDays: undefined, serviceMonitor: false },
  },
};

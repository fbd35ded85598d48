/**
 * What Velero's IRSA role may do: exactly the S3, KMS and EC2 snapshot calls of the Velero server and its AWS plugin,
 * on this bucket, this key and this account's volumes and snapshots.
 */
import type { PolicyDocument } from "./bucket-policy";

/** The ARNs and scope the policy is built from. */
export interface VeleroPolicyInput {
  /** The backup bucket's ARN. */
  bucketArn: string;
  /** The bucket key's ARN. */
  kmsKeyArn: string;
  /** Region of the volumes and snapshots. */
  region: string;
  /** Account of the volumes. */
  accountId: string;
  /** Whether EBS snapshots are taken (backup.volumeSnapshots); without them the role gets no EC2 access. */
  volumeSnapshots: boolean;
}

/** The tag Velero puts on every snapshot it creates: deletion is limited to snapshots carrying it. */
export const VELERO_BACKUP_TAG = "velero.io/backup";

/** The role's permissions policy. */
export function veleroPolicyDocument(p: VeleroPolicyInput): PolicyDocument {
  const volumes = `arn:aws:ec2:${p.region}:${p.accountId}:volume/*`;
  // EBS snapshot ARNs carry no account ID.
  const snapshots = `arn:aws:ec2:${p.region}::snapshot/*`;
  const statements: PolicyDocument["Statement"] = [
    {
      Sid: "ReadWriteBackupObjects",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:PutObjectTagging", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
      Resource: `${p.bucketArn}/*`,
    },
    { Sid: "ListBackupBucket", Effect: "Allow", Action: "s3:ListBucket", Resource: p.bucketArn },
    {
      // Only through S3 (the bucket's SSE-KMS): the role cannot call KMS itself, e.g. to decrypt a copied object elsewhere.
      Sid: "UseBackupKeyThroughS3",
      Effect: "Allow",
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
      Resource: p.kmsKeyArn,
      Condition: { StringEquals: { "kms:ViaService": `s3.${p.region}.amazonaws.com` } },
    },
  ];
  if (p.volumeSnapshots) {
    statements.push(
      // Describe calls do not support resource-level permissions: "*" is the only resource AWS accepts for them.
      { Sid: "DescribeVolumesAndSnapshots", Effect: "Allow", Action: ["ec2:DescribeVolumes", "ec2:DescribeSnapshots"], Resource: "*" },
      { Sid: "SnapshotVolumes", Effect: "Allow", Action: "ec2:CreateSnapshot", Resource: [volumes, snapshots] },
      { Sid: "RestoreVolumesFromSnapshots", Effect: "Allow", Action: "ec2:CreateVolume", Resource: [volumes, snapshots] },
      {
        Sid: "TagOnlyWhileCreating",
        Effect: "Allow",
        Action: "ec2:CreateTags",
        Resource: [volumes, snapshots],
        Condition: { StringEquals: { "ec2:CreateAction": ["CreateSnapshot", "CreateVolume"] } },
      },
      {
        Sid: "DeleteOnlyVeleroSnapshots",
        Effect: "Allow",
        Action: "ec2:DeleteSnapshot",
        Resource: snapshots,
        Condition: { Null: { [`aws:ResourceTag/${VELERO_BACKUP_TAG}`]: "false" } },
      },
    );
  }
  return { Version: "2012-10-17", Statement: statements };
}

"""Seed an emulated AWS Organization through the AWS APIs (boto3 -> moto).

Two shapes:
  seed_org.py --endpoint URL --manifest FILE
      the example organisation below (ORG_SPEC), used by the tests and the
      README's example run, with its security services (SECURITY_SPEC:
      CloudTrail, GuardDuty, Security Hub, IAM Access Analyzer) and its
      identity plane (IDENTITY_SPEC: IAM Identity Center in eu-west-1 with
      users, groups, permission sets and assignments; ROOT_ACCESS_SPEC:
      centralised root access and each account's root user; RCP_SPEC:
      resource control policies). The manifest is the spec plus the ids
      moto assigned (the services' under "security_services", the identity
      plane's under "identity_center", "root_access" and "rcps"), and is
      what the collector tests compare the snapshot with.
  seed_org.py --endpoint URL --manifest FILE --bulk-accounts N --bulk-users M
      N member accounts with M users each (benchmarks).

Every call goes to the emulator at URL with dummy credentials.
"""

import argparse
import datetime
import json
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import boto3

REGION = "us-east-1"
ROLE = "OrganizationAccountAccessRole"
AUDIT_ROLE = "OrgAuditReadOnly"
ADMIN_DOC = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
BROAD_OPERATOR_DOC = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["ec2:*", "s3:*"], "Resource": "*"}],
}
READ_ONLY_DOC = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"}],
}
DENY_REGIONS_SCP = {
    "Version": "2012-10-17",
    "Statement": [{
        "Sid": "DenyOutsideEU",
        "Effect": "Deny",
        "NotAction": ["iam:*", "organizations:*", "sts:*", "support:*", "budgets:*"],
        "Resource": "*",
        "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1", "eu-west-2", "us-east-1"]}},
    }],
}
DENY_LEAVE_SCP = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Action": "organizations:LeaveOrganization", "Resource": "*"}],
}

# The example organisation. OU paths are relative to the root ("Root").
ORG_SPEC = {
    "ous": ["Security", "Workloads", "Workloads/Prod", "Workloads/Prod/Web", "Workloads/Dev", "Sandbox"],
    "scps": {
        "DenyOutsideEU": {"document": DENY_REGIONS_SCP, "targets": ["ou:Workloads"]},
        "DenyLeaveOrganization": {"document": DENY_LEAVE_SCP, "targets": ["root", "account:sandbox"]},
    },
    "accounts": {
        "security-tooling": {
            "ou": "Security",
            "tags": {"environment": "security", "owner": "secops"},
            "alias": "example-security",
            "users": {
                "secops": {"password": True, "mfa": True, "keys": 0, "groups": ["SecurityAuditors"]},
            },
            "groups": {"SecurityAuditors": {"inline": {"read-only": READ_ONLY_DOC}, "attached": []}},
            "managed_policies": {},
            "roles": {},
            "password_policy": {"MinimumPasswordLength": 14, "PasswordReusePrevention": 24,
                                "RequireSymbols": True, "RequireNumbers": True,
                                "RequireUppercaseCharacters": True, "RequireLowercaseCharacters": True,
                                "AllowUsersToChangePassword": True},
            "billing_alarms": [{"name": "billing-math", "kind": "metric_math", "topic": "billing-alerts",
                                "subscribers": ["finance@example.com"]}],
            "config_regions": ["us-east-1", "eu-west-1"],
            "contacts": {"SECURITY": "security@example.com", "BILLING": "billing@example.com",
                         "OPERATIONS": "ops@example.com"},
        },
        "prod-web": {
            "ou": "Workloads/Prod/Web",
            "tags": {"environment": "prod"},
            "alias": "example-prod-web",
            "users": {
                "alice": {"password": True, "mfa": True, "keys": 1, "groups": ["Admins"]},
                "bob": {"password": True, "mfa": False, "keys": 2, "groups": [],
                        "inline": {"bob-extra": BROAD_OPERATOR_DOC}, "attached": ["ReadOnlyLocal"]},
                "ci-deployer": {"password": False, "mfa": False, "keys": 1, "groups": ["Deployers"]},
            },
            "groups": {
                "Admins": {"inline": {}, "attached": ["AdminAll"]},
                "Deployers": {"inline": {"deploy": BROAD_OPERATOR_DOC}, "attached": []},
            },
            "managed_policies": {"AdminAll": ADMIN_DOC, "ReadOnlyLocal": READ_ONLY_DOC},
            "roles": {
                "CrossAccountAudit": {"trusted_account": "security-tooling", "require_mfa": True},
                "VendorAccess": {"trusted_account": "999999999999", "require_mfa": False},
            },
            "password_policy": {"MinimumPasswordLength": 14, "PasswordReusePrevention": 24,
                                "RequireSymbols": True, "RequireNumbers": True,
                                "RequireUppercaseCharacters": True, "RequireLowercaseCharacters": True,
                                "AllowUsersToChangePassword": True, "MaxPasswordAge": 90},
            "billing_alarms": [{"name": "billing-over-100", "kind": "metric", "topic": "billing-alerts",
                                "subscribers": ["owner@example.com", "finance@example.com"]}],
            "config_regions": ["us-east-1"],
            "contacts": {"SECURITY": "security@example.com"},
        },
        "prod-data": {
            "ou": "Workloads/Prod",
            "tags": {"environment": "prod", "data-classification": "official"},
            "alias": None,
            "users": {},
            "groups": {},
            "managed_policies": {},
            "roles": {},
            "password_policy": {"MinimumPasswordLength": 16, "PasswordReusePrevention": 24,
                                "RequireSymbols": True, "RequireNumbers": True,
                                "RequireUppercaseCharacters": True, "RequireLowercaseCharacters": True,
                                "AllowUsersToChangePassword": True},
            "billing_alarms": [],
            "budgets": [{"name": "monthly-cost", "subscribers": ["data-owner@example.com"]}],
            "config_regions": ["us-east-1", "eu-west-1"],
            "contacts": {"SECURITY": "security@example.com", "OPERATIONS": "data-ops@example.com"},
        },
        "dev": {
            "ou": "Workloads/Dev",
            "tags": {"environment": "dev"},
            "alias": "example-dev",
            "users": {
                "dev-user": {"password": True, "mfa": False, "keys": 1, "groups": ["Developers"]},
                "installer": {"password": False, "mfa": False, "keys": 1, "groups": [],
                              "attached": ["InstallerAdmin"]},
            },
            "groups": {"Developers": {"inline": {}, "attached": ["DevPower"]}},
            "managed_policies": {"DevPower": BROAD_OPERATOR_DOC, "InstallerAdmin": ADMIN_DOC},
            "roles": {},
            "password_policy": {"MinimumPasswordLength": 8, "AllowUsersToChangePassword": True},
            "billing_alarms": [{"name": "billing-no-actions", "kind": "metric", "topic": None, "subscribers": []}],
            "config_regions": ["eu-west-1"],
            "contacts": {},
        },
        "sandbox": {
            "ou": "Sandbox",
            "tags": {},
            "alias": None,
            "users": {"experiment": {"password": True, "mfa": False, "keys": 0, "groups": []}},
            "groups": {},
            "managed_policies": {},
            "roles": {},
            "password_policy": None,
            "billing_alarms": [],
            "config_regions": [],
            "contacts": {},
            # The auth test leaves this account's audit role without a policy.
            "deny_audit_role": True,
        },
        "legacy": {
            "ou": "",
            "tags": {"environment": "legacy"},
            "alias": None,
            "users": {"old-admin": {"password": True, "mfa": False, "keys": 1, "groups": [],
                                    "inline": {"admin": ADMIN_DOC}}},
            "groups": {},
            "managed_policies": {},
            "roles": {},
            "password_policy": None,
            "billing_alarms": [],
            "config_regions": [],
            "contacts": {},
            # The auth test denies the runner sts:AssumeRole into this account.
            "deny_assume_role": True,
        },
    },
}


def client(endpoint, service, creds=None, region=REGION):
    creds = creds or {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    return boto3.client(service, endpoint_url=endpoint, region_name=region, **creds)


def member_creds(endpoint, account_id):
    sts = client(endpoint, "sts")
    out = sts.assume_role(RoleArn=f"arn:aws:iam::{account_id}:role/{ROLE}", RoleSessionName="seed")
    c = out["Credentials"]
    return {"aws_access_key_id": c["AccessKeyId"], "aws_secret_access_key": c["SecretAccessKey"],
            "aws_session_token": c["SessionToken"]}


def create_org(endpoint):
    org = client(endpoint, "organizations")
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]
    org.enable_policy_type(RootId=root["Id"], PolicyType="SERVICE_CONTROL_POLICY")
    return org, root["Id"]


def seed_example(endpoint, audit_policy=None, runner_policy=None):
    org, root_id = create_org(endpoint)
    ou_ids = {"": root_id}
    for path in ORG_SPEC["ous"]:
        parent, _, name = path.rpartition("/")
        ou = org.create_organizational_unit(ParentId=ou_ids[parent], Name=name)
        ou_ids[path] = ou["OrganizationalUnit"]["Id"]
    account_ids = {}
    for name, spec in ORG_SPEC["accounts"].items():
        status = org.create_account(Email=f"{name}@example.com", AccountName=name,
                                    Tags=[{"Key": k, "Value": v} for k, v in spec["tags"].items()])
        acct = status["CreateAccountStatus"]["AccountId"]
        account_ids[name] = acct
        if spec["ou"]:
            org.move_account(AccountId=acct, SourceParentId=root_id, DestinationParentId=ou_ids[spec["ou"]])
    scp_ids = {}
    for name, scp in ORG_SPEC["scps"].items():
        policy = org.create_policy(Name=name, Description=f"example {name}", Type="SERVICE_CONTROL_POLICY",
                                   Content=json.dumps(scp["document"]))
        pid = policy["Policy"]["PolicySummary"]["Id"]
        scp_ids[name] = pid
        for target in scp["targets"]:
            kind, _, ref = target.partition(":")
            target_id = {"root": root_id, "ou": ou_ids.get(ref), "account": account_ids.get(ref)}[kind]
            org.attach_policy(PolicyId=pid, TargetId=target_id)
    for name, spec in ORG_SPEC["accounts"].items():
        seed_account(endpoint, account_ids[name], spec, account_ids, audit_policy)
    seed_budgets(endpoint, None, "123456789012", MANAGEMENT_BUDGETS, account_ids)
    security = seed_security(endpoint, account_ids)
    identity = seed_identity(endpoint, account_ids)
    root_access = seed_root_access(endpoint, account_ids)
    rcps = seed_rcps(endpoint, root_id)
    runner = seed_runner(endpoint, [account_ids[n] for n, spec in ORG_SPEC["accounts"].items()
                                    if spec.get("deny_assume_role")], runner_policy)
    return {
        "management_account_id": "123456789012",
        "root_id": root_id,
        "ou_ids": ou_ids,
        "account_ids": account_ids,
        "scp_ids": scp_ids,
        "runner": runner,
        "spec": ORG_SPEC,
        "management_budgets": MANAGEMENT_BUDGETS,
        "security_services": security,
        "identity_center": identity,
        "root_access": root_access,
        "rcps": rcps,
    }


# Budgets in the management account; `linked` names the member accounts the
# budget's LinkedAccount filter covers (MoJ's practice in aws-root-account).
MANAGEMENT_BUDGETS = [{"name": "dev-cost", "linked": ["dev"], "subscribers": ["finance@example.com"]}]


def seed_budgets(endpoint, creds, account_id, budgets, account_ids=None):
    budgets_client = client(endpoint, "budgets", creds)
    for b in budgets:
        budget = {"BudgetName": b["name"], "BudgetType": "COST", "TimeUnit": "MONTHLY",
                  "BudgetLimit": {"Amount": "100", "Unit": "USD"}}
        if b.get("linked"):
            budget["CostFilters"] = {"LinkedAccount": [account_ids[n] for n in b["linked"]]}
        budgets_client.create_budget(AccountId=account_id, Budget=budget, NotificationsWithSubscribers=[{
            "Notification": {"NotificationType": "ACTUAL", "ComparisonOperator": "GREATER_THAN",
                             "Threshold": 80.0, "ThresholdType": "PERCENTAGE"},
            "Subscribers": [{"SubscriptionType": "EMAIL", "Address": a} for a in b["subscribers"]]}])


def seed_runner(endpoint, no_assume_accounts, policy=None):
    """An admin IAM user in the management account, for runs with moto's auth on,
    denied sts:AssumeRole into `no_assume_accounts`.

    Emulator-only credentials: they exist nowhere but in this moto process.
    """
    iam = client(endpoint, "iam")
    iam.create_user(UserName="orgaudit-runner")
    doc = json.loads(json.dumps(policy or ADMIN_DOC))
    if no_assume_accounts:
        doc["Statement"].append({"Effect": "Deny", "Action": "sts:AssumeRole",
                                 "Resource": [f"arn:aws:iam::{a}:role/*" for a in no_assume_accounts]})
    iam.put_user_policy(UserName="orgaudit-runner", PolicyName="admin", PolicyDocument=json.dumps(doc))
    key = iam.create_access_key(UserName="orgaudit-runner")["AccessKey"]
    return {"access_key_id": key["AccessKeyId"], "secret_access_key": key["SecretAccessKey"]}


def seed_account(endpoint, account_id, spec, account_ids, audit_policy=None):
    creds = member_creds(endpoint, account_id)
    iam = client(endpoint, "iam", creds)
    if audit_policy is not None:
        # A dedicated audit role with the given policy, as the StackSet deploys it.
        trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                 "Principal": {"AWS": "arn:aws:iam::123456789012:root"}}]}
        iam.create_role(RoleName=AUDIT_ROLE, AssumeRolePolicyDocument=json.dumps(trust))
        if not spec.get("deny_audit_role"):
            iam.put_role_policy(RoleName=AUDIT_ROLE, PolicyName="audit", PolicyDocument=json.dumps(audit_policy))
    if not spec.get("deny_audit_role"):
        iam.put_role_policy(RoleName=ROLE, PolicyName="audit", PolicyDocument=json.dumps(ADMIN_DOC))
    policy_arns = {}
    for name, doc in spec["managed_policies"].items():
        policy_arns[name] = iam.create_policy(PolicyName=name, PolicyDocument=json.dumps(doc))["Policy"]["Arn"]
    for gname, g in spec["groups"].items():
        iam.create_group(GroupName=gname)
        for pname, doc in g["inline"].items():
            iam.put_group_policy(GroupName=gname, PolicyName=pname, PolicyDocument=json.dumps(doc))
        for pname in g["attached"]:
            iam.attach_group_policy(GroupName=gname, PolicyArn=policy_arns[pname])
    for uname, u in spec["users"].items():
        iam.create_user(UserName=uname)
        if u["password"]:
            iam.create_login_profile(UserName=uname, Password="Example-Passw0rd!")
        if u["mfa"]:
            serial = iam.create_virtual_mfa_device(VirtualMFADeviceName=uname)["VirtualMFADevice"]["SerialNumber"]
            iam.enable_mfa_device(UserName=uname, SerialNumber=serial,
                                  AuthenticationCode1="123456", AuthenticationCode2="654321")
        for _ in range(u["keys"]):
            iam.create_access_key(UserName=uname)
        for gname in u["groups"]:
            iam.add_user_to_group(GroupName=gname, UserName=uname)
        for pname, doc in u.get("inline", {}).items():
            iam.put_user_policy(UserName=uname, PolicyName=pname, PolicyDocument=json.dumps(doc))
        for pname in u.get("attached", []):
            iam.attach_user_policy(UserName=uname, PolicyArn=policy_arns[pname])
    for rname, r in spec["roles"].items():
        trusted = account_ids.get(r["trusted_account"], r["trusted_account"])
        statement = {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{trusted}:root"},
                     "Action": "sts:AssumeRole"}
        if r["require_mfa"]:
            statement["Condition"] = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
        iam.create_role(RoleName=rname, AssumeRolePolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [statement]}))
    if spec["password_policy"]:
        iam.update_account_password_policy(**spec["password_policy"])
    if spec["alias"]:
        iam.create_account_alias(AccountAlias=spec["alias"])
    seed_billing(endpoint, creds, spec["billing_alarms"])
    seed_budgets(endpoint, creds, account_id, spec.get("budgets", []))
    seed_config(endpoint, creds, spec["config_regions"])
    acct = client(endpoint, "account", creds)
    for kind, email in spec["contacts"].items():
        acct.put_alternate_contact(AlternateContactType=kind, EmailAddress=email,
                                   Name=f"{kind.title()} Team", PhoneNumber="+441234567890", Title="Mx")


# Organisation-wide security services (CloudTrail, GuardDuty, Security Hub,
# IAM Access Analyzer), administered from `admin` for every member but
# `opted_out`.
SECURITY_SPEC = {
    "regions": ["us-east-1", "eu-west-1"],
    "admin": "security-tooling",
    "opted_out": "sandbox",
    "trusted_services": ["cloudtrail.amazonaws.com", "guardduty.amazonaws.com", "securityhub.amazonaws.com",
                         "access-analyzer.amazonaws.com", "config.amazonaws.com"],
    "delegated_services": ["guardduty.amazonaws.com", "securityhub.amazonaws.com",
                           "access-analyzer.amazonaws.com"],
    # The management account's organisation trail, logging to a bucket in `admin`.
    "org_trail": {"name": "org-trail", "home_region": "us-east-1", "bucket": "example-org-cloudtrail-logs",
                  "bucket_owner": "security-tooling"},
    # A member's own single-region trail: no validation, no KMS, not logging.
    "account_trails": {"dev": {"name": "dev-local", "region": "eu-west-1",
                               "bucket": "example-dev-cloudtrail-logs"}},
    "guardduty_auto_enable": "ALL",
    # The opted-out account has a suspended detector in one region only.
    "guardduty_opted_out_regions": ["us-east-1"],
    "securityhub_standard": "arn:aws:securityhub:{region}::standards/cis-aws-foundations-benchmark/v/3.0.0",
    # Per account and region, standards instead of `securityhub_standard`.
    "securityhub_exceptions": {"dev": {"eu-west-1": [
        "arn:aws:securityhub:{region}::standards/aws-foundational-security-best-practices/v/1.0.0"]}},
    "analyzers": {"security-tooling": {"us-east-1": [{"name": "org-analyzer", "type": "ORGANIZATION"}],
                                       "eu-west-1": [{"name": "org-analyzer", "type": "ORGANIZATION"}]},
                  "prod-web": {"us-east-1": [{"name": "local", "type": "ACCOUNT"}]}},
    # Findings of security-tooling's org-analyzer in us-east-1; resources are
    # not created (AWS would only report ones that exist).
    "findings": [
        {"owner": "prod-data", "status": "ACTIVE", "days_ago": 30, "resource_type": "AWS::S3::Bucket",
         "resource": "arn:aws:s3:::example-prod-data-exports"},
        {"owner": "dev", "status": "ACTIVE", "days_ago": 1, "resource_type": "AWS::IAM::Role",
         "resource": "arn:aws:iam::{account}:role/ExternalDeployRole"},
        {"owner": "prod-web", "status": "ARCHIVED", "days_ago": 60, "resource_type": "AWS::S3::Bucket",
         "resource": "arn:aws:s3:::example-prod-web-shared-assets"},
    ],
}


def seed_security(endpoint, account_ids):
    """The organisation's security services; returns the manifest's
    `security_services` section (the spec plus the ids AWS assigned)."""
    spec = SECURITY_SPEC
    admin = spec["admin"]
    creds = {name: member_creds(endpoint, acct) for name, acct in account_ids.items()}
    creds["management"] = None
    enrolled = [n for n in account_ids if n not in (admin, spec["opted_out"])]
    org = client(endpoint, "organizations")
    for principal in spec["trusted_services"]:
        org.enable_aws_service_access(ServicePrincipal=principal)
    for principal in spec["delegated_services"]:
        org.register_delegated_administrator(AccountId=account_ids[admin], ServicePrincipal=principal)
    return {
        "spec": spec,
        "cloudtrail": seed_cloudtrail(endpoint, spec, creds),
        "guardduty": seed_guardduty(endpoint, spec, creds, account_ids, enrolled),
        "securityhub": seed_securityhub(endpoint, spec, creds, account_ids, enrolled),
        "access_analyzer": seed_access_analyzer(endpoint, spec, creds, account_ids),
    }


def create_bucket(s3, name, region):
    s3.create_bucket(Bucket=name, **({} if region == "us-east-1" else
                                      {"CreateBucketConfiguration": {"LocationConstraint": region}}))


def trail_bucket_policy(bucket, trail_arns):
    """The bucket policy CloudTrail needs to deliver to `bucket`."""
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Sid": "AWSCloudTrailAclCheck", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
         "Action": "s3:GetBucketAcl", "Resource": f"arn:aws:s3:::{bucket}",
         "Condition": {"StringEquals": {"aws:SourceArn": trail_arns}}},
        {"Sid": "AWSCloudTrailWrite", "Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"},
         "Action": "s3:PutObject", "Resource": f"arn:aws:s3:::{bucket}/AWSLogs/*",
         "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control",
                                        "aws:SourceArn": trail_arns}}}]})


def seed_cloudtrail(endpoint, spec, creds):
    t = spec["org_trail"]
    region = t["home_region"]
    trail_arn = f"arn:aws:cloudtrail:{region}:123456789012:trail/{t['name']}"
    s3 = client(endpoint, "s3", creds[t["bucket_owner"]], region)
    create_bucket(s3, t["bucket"], region)
    s3.put_bucket_policy(Bucket=t["bucket"], Policy=trail_bucket_policy(t["bucket"], [trail_arn]))
    key_arn = client(endpoint, "kms", None, region).create_key(
        Description="org-trail log encryption")["KeyMetadata"]["Arn"]
    ct = client(endpoint, "cloudtrail", None, region)
    created = ct.create_trail(Name=t["name"], S3BucketName=t["bucket"], IsMultiRegionTrail=True,
                              IncludeGlobalServiceEvents=True, IsOrganizationTrail=True,
                              EnableLogFileValidation=True, KmsKeyId=key_arn)
    assert created["TrailARN"] == trail_arn, created["TrailARN"]
    ct.put_event_selectors(TrailName=t["name"], EventSelectors=[
        {"ReadWriteType": "All", "IncludeManagementEvents": True}])
    ct.start_logging(Name=t["name"])
    out = {"org_trail": {"arn": trail_arn, "name": t["name"], "account": "123456789012", "home_region": region,
                         "bucket": t["bucket"], "bucket_owner": t["bucket_owner"], "kms_key_id": key_arn,
                         "multi_region": True, "organization": True, "log_file_validation": True,
                         "logging": True},
           "account_trails": {}}
    for owner, a in spec["account_trails"].items():
        s3 = client(endpoint, "s3", creds[owner], a["region"])
        create_bucket(s3, a["bucket"], a["region"])
        ct = client(endpoint, "cloudtrail", creds[owner], a["region"])
        arn = ct.create_trail(Name=a["name"], S3BucketName=a["bucket"], IsMultiRegionTrail=False)["TrailARN"]
        s3.put_bucket_policy(Bucket=a["bucket"], Policy=trail_bucket_policy(a["bucket"], [arn]))
        ct.start_logging(Name=a["name"])
        ct.stop_logging(Name=a["name"])
        out["account_trails"][owner] = {"arn": arn, "name": a["name"], "home_region": a["region"],
                                        "bucket": a["bucket"], "bucket_owner": owner, "kms_key_id": None,
                                        "multi_region": False, "organization": False,
                                        "log_file_validation": False, "logging": False}
    return out


def seed_guardduty(endpoint, spec, creds, account_ids, enrolled):
    admin = spec["admin"]
    detectors = {}

    def detector(name, region, enable=True):
        gd = client(endpoint, "guardduty", creds[name], region)
        detector_id = gd.create_detector(Enable=enable)["DetectorId"]
        detectors.setdefault(name, {})[region] = {"id": detector_id, "status": "ENABLED" if enable else "DISABLED"}
        return gd, detector_id

    for region in spec["regions"]:
        gd, admin_detector = detector(admin, region)
        client(endpoint, "guardduty", None, region).enable_organization_admin_account(
            AdminAccountId=account_ids[admin])
        gd.update_organization_configuration(DetectorId=admin_detector,
                                             AutoEnableOrganizationMembers=spec["guardduty_auto_enable"])
        gd.create_members(DetectorId=admin_detector, AccountDetails=[
            {"AccountId": account_ids[n], "Email": f"{n}@example.com"} for n in enrolled])
        for name in enrolled:
            detector(name, region)
    for region in spec["guardduty_opted_out_regions"]:
        detector(spec["opted_out"], region, enable=False)
    return {"admin": admin, "admin_account_id": account_ids[admin], "auto_enable": spec["guardduty_auto_enable"],
            "members": enrolled, "detectors": detectors}


def seed_securityhub(endpoint, spec, creds, account_ids, enrolled):
    admin = spec["admin"]
    hubs = {}
    for region in spec["regions"]:
        client(endpoint, "securityhub", None, region).enable_organization_admin_account(
            AdminAccountId=account_ids[admin])
        for name in [admin] + enrolled:
            sh = client(endpoint, "securityhub", creds[name], region)
            sh.enable_security_hub(EnableDefaultStandards=False)
            standards = spec["securityhub_exceptions"].get(name, {}).get(region, [spec["securityhub_standard"]])
            standards = [s.format(region=region) for s in standards]
            subscribed = sh.batch_enable_standards(StandardsSubscriptionRequests=[
                {"StandardsArn": s} for s in standards])["StandardsSubscriptions"]
            hubs.setdefault(name, {})[region] = {
                "hub_arn": f"arn:aws:securityhub:{region}:{account_ids[name]}:hub/default",
                "standards": standards,
                "subscriptions": [s["StandardsSubscriptionArn"] for s in subscribed]}
        sh = client(endpoint, "securityhub", creds[admin], region)
        sh.update_organization_configuration(AutoEnable=True)
        sh.create_members(AccountDetails=[{"AccountId": account_ids[n], "Email": f"{n}@example.com"}
                                          for n in enrolled])
    return {"admin": admin, "admin_account_id": account_ids[admin], "auto_enable": True,
            "members": enrolled, "hubs": hubs}


def seed_access_analyzer(endpoint, spec, creds, account_ids):
    analyzers = {}
    for name, per_region in spec["analyzers"].items():
        for region, wanted in per_region.items():
            aa = client(endpoint, "accessanalyzer", creds[name], region)
            for a in wanted:
                arn = aa.create_analyzer(analyzerName=a["name"], type=a["type"])["arn"]
                analyzers.setdefault(name, {}).setdefault(region, []).append(dict(a, arn=arn))
    target = analyzers[spec["admin"]]["us-east-1"][0]["arn"]
    now = datetime.datetime.now(datetime.timezone.utc)
    wanted = []
    for f in spec["findings"]:
        created = (now - datetime.timedelta(days=f["days_ago"])).strftime("%Y-%m-%dT%H:%M:%SZ")
        wanted.append({"resource": f["resource"].format(account=account_ids[f["owner"]]),
                       "resourceType": f["resource_type"], "resourceOwnerAccount": account_ids[f["owner"]],
                       "status": f["status"], "findingType": "ExternalAccess", "createdAt": created})
    request = urllib.request.Request(f"{endpoint}/orgaudit-emulator/access-analyzer/findings", method="POST",
                                     data=json.dumps({"analyzerArn": target, "findings": wanted}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as answer:
        added = json.load(answer)["findings"]
    findings = [{"id": a["id"], "analyzer_arn": target, "owner": f["owner"], "status": a["status"],
                 "resource": a["resource"], "resource_type": a["resourceType"], "created_at": a["createdAt"],
                 "days_ago": f["days_ago"]} for f, a in zip(spec["findings"], added)]
    return {"analyzers": analyzers, "findings": findings}


# The organisation's identity plane: IAM Identity Center, enabled by the
# management account in `home_region`. Account lists name ORG_SPEC accounts
# or "management". Assigning a permission set to an account provisions it
# there (the emulator creates the AWSReservedSSO_ role, as AWS does), so a
# customer managed policy a set references must exist in that account first:
# `customer_managed_policies` are created in every account a set using them
# is assigned to.
MANAGEMENT = "management"
OPS_INLINE_DOC = {"Version": "2012-10-17",
                  "Statement": [{"Effect": "Allow", "Action": "cloudwatch:Get*", "Resource": "*"}]}
# Administrator access under an innocent name.
ADMIN_IN_DISGUISE_DOC = {"Version": "2012-10-17",
                         "Statement": [{"Effect": "Allow", "Action": "*:*", "Resource": "*"}]}
IDENTITY_SPEC = {
    "home_region": "eu-west-1",
    "trusted_services": ["sso.amazonaws.com"],
    "users": {
        "alice.admin": {"given_name": "Alice", "family_name": "Admin"},
        "bob.reader": {"given_name": "Bob", "family_name": "Reader"},
        "carol.contractor": {"given_name": "Carol", "family_name": "Contractor"},
        "dave.oncall": {"given_name": "Dave", "family_name": "Oncall"},
    },
    "groups": {"PlatformAdmins": ["alice.admin", "dave.oncall"], "Auditors": ["bob.reader"]},
    "permission_sets": {
        # Longer than the 8 hours a session may last.
        "AdministratorAccess": {"description": "Full administrator access", "session_duration": "PT12H",
                                "managed_policies": ["arn:aws:iam::aws:policy/AdministratorAccess"],
                                "customer_managed_policies": [], "inline_policy": None,
                                "permissions_boundary": None},
        "ReadOnly": {"description": "Read-only access", "session_duration": "PT4H",
                     # Small AWS managed policies: ReadOnlyAccess is ~100 KB in every account's snapshot.
                     "managed_policies": ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess",
                                          "arn:aws:iam::aws:policy/IAMReadOnlyAccess"],
                     "customer_managed_policies": [], "inline_policy": None,
                     "permissions_boundary": {"managed_policy_arn": "arn:aws:iam::aws:policy/IAMReadOnlyAccess"}},
        # Reads like CloudWatch access; OpsAccess is administrator access.
        "OpsPowerUser": {"description": "Operations on-call", "session_duration": "PT8H",
                         "managed_policies": [], "customer_managed_policies": [{"name": "OpsAccess", "path": "/"}],
                         "inline_policy": OPS_INLINE_DOC, "permissions_boundary": None},
    },
    "customer_managed_policies": {"OpsAccess": {"path": "/", "document": ADMIN_IN_DISGUISE_DOC}},
    "assignments": [
        {"principal_type": "GROUP", "principal": "PlatformAdmins", "permission_set": "AdministratorAccess",
         "accounts": ["security-tooling", "dev"]},
        {"principal_type": "GROUP", "principal": "Auditors", "permission_set": "ReadOnly",
         "accounts": list(ORG_SPEC["accounts"]) + [MANAGEMENT]},
        # A direct administrator assignment in production.
        {"principal_type": "USER", "principal": "carol.contractor", "permission_set": "AdministratorAccess",
         "accounts": ["prod-web"]},
        # Administrator access in disguise in production.
        {"principal_type": "GROUP", "principal": "PlatformAdmins", "permission_set": "OpsPowerUser",
         "accounts": ["prod-data"]},
        # A direct assignment that is not administrator access.
        {"principal_type": "USER", "principal": "dave.oncall", "permission_set": "ReadOnly",
         "accounts": ["prod-data"]},
    ],
}

# Centralised root access (IAM), and each account's root user. Organizations
# creates members without root credentials; `root_credentials` names the
# accounts that differ from `member_default`.
ROOT_ACCESS_SPEC = {
    "trusted_services": ["iam.amazonaws.com"],
    "features": ["RootCredentialsManagement", "RootSessions"],
    "root_credentials": {
        MANAGEMENT: {"password_enabled": True, "mfa_active": True, "access_keys": 0},
        # The member still holding a root password (and no MFA).
        "dev": {"password_enabled": True, "mfa_active": False, "access_keys": 0},
    },
    "member_default": {"password_enabled": False, "mfa_active": False, "access_keys": 0},
}

# Resource control policies; "{org_id}" in a document is the organisation's id.
DENY_EXTERNAL_S3_RCP = {
    "Version": "2012-10-17",
    "Statement": [{
        "Sid": "EnforceOrgIdentities",
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": "*",
        "Condition": {
            "StringNotEqualsIfExists": {"aws:PrincipalOrgID": "{org_id}"},
            "BoolIfExists": {"aws:PrincipalIsAWSService": "false"},
        },
    }],
}
RCP_SPEC = {"DenyExternalS3Access": {"description": "Only the organisation's identities may use its S3 data",
                                     "document": DENY_EXTERNAL_S3_RCP, "targets": ["root"]}}


def emulator_post(endpoint, path, body):
    """An emulator-only call (identity_plane.py); answers the JSON body."""
    request = urllib.request.Request(f"{endpoint}{path}", method="POST", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


def seed_identity(endpoint, account_ids):
    """IAM Identity Center (IDENTITY_SPEC); returns the manifest's
    `identity_center` section: the spec plus the ids AWS assigned."""
    spec = IDENTITY_SPEC
    region = spec["home_region"]
    ids = dict(account_ids, **{MANAGEMENT: "123456789012"})
    org = client(endpoint, "organizations")
    for principal in spec["trusted_services"]:
        org.enable_aws_service_access(ServicePrincipal=principal)
    # Enabling Identity Center is a console action; the emulator has a call for it.
    instance = emulator_post(endpoint, "/orgaudit-emulator/identity-center/enable", {"region": region})
    instance_arn, store = instance["InstanceArn"], instance["IdentityStoreId"]
    sso = client(endpoint, "sso-admin", None, region)
    identitystore = client(endpoint, "identitystore", None, region)
    users = {}
    for name, u in spec["users"].items():
        users[name] = identitystore.create_user(
            IdentityStoreId=store, UserName=name, DisplayName=f"{u['given_name']} {u['family_name']}",
            Name={"GivenName": u["given_name"], "FamilyName": u["family_name"]},
            Emails=[{"Value": f"{name}@example.com", "Type": "work", "Primary": True}])["UserId"]
    groups, memberships = {}, {}
    for name, members in spec["groups"].items():
        groups[name] = identitystore.create_group(IdentityStoreId=store, DisplayName=name,
                                                  Description=f"example {name}")["GroupId"]
        for member in members:
            memberships.setdefault(name, {})[member] = identitystore.create_group_membership(
                IdentityStoreId=store, GroupId=groups[name], MemberId={"UserId": users[member]})["MembershipId"]
    permission_sets = {}
    for name, p in spec["permission_sets"].items():
        arn = sso.create_permission_set(InstanceArn=instance_arn, Name=name, Description=p["description"],
                                        SessionDuration=p["session_duration"])["PermissionSet"]["PermissionSetArn"]
        permission_sets[name] = arn
        for policy in p["managed_policies"]:
            sso.attach_managed_policy_to_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn,
                                                        ManagedPolicyArn=policy)
        for ref in p["customer_managed_policies"]:
            sso.attach_customer_managed_policy_reference_to_permission_set(
                InstanceArn=instance_arn, PermissionSetArn=arn,
                CustomerManagedPolicyReference={"Name": ref["name"], "Path": ref["path"]})
        if p["inline_policy"]:
            sso.put_inline_policy_to_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn,
                                                    InlinePolicy=json.dumps(p["inline_policy"]))
        if p["permissions_boundary"]:
            sso.put_permissions_boundary_to_permission_set(
                InstanceArn=instance_arn, PermissionSetArn=arn,
                PermissionsBoundary={"ManagedPolicyArn": p["permissions_boundary"]["managed_policy_arn"]})
    # The customer managed policies, in each account a set using them is assigned to.
    creds = {}

    def creds_of(name):
        if name == MANAGEMENT:
            return None
        if name not in creds:
            creds[name] = member_creds(endpoint, ids[name])
        return creds[name]

    customer_policies = {}
    for a in spec["assignments"]:
        for ref in spec["permission_sets"][a["permission_set"]]["customer_managed_policies"]:
            wanted = spec["customer_managed_policies"][ref["name"]]
            for account in a["accounts"]:
                if ref["name"] in customer_policies.get(account, {}):
                    continue
                customer_policies.setdefault(account, {})[ref["name"]] = client(
                    endpoint, "iam", creds_of(account)).create_policy(
                    PolicyName=ref["name"], Path=wanted["path"],
                    PolicyDocument=json.dumps(wanted["document"]))["Policy"]["Arn"]
    principals = {"USER": users, "GROUP": groups}
    assignments = []
    for a in spec["assignments"]:
        for account in a["accounts"]:
            status = sso.create_account_assignment(
                InstanceArn=instance_arn, TargetId=ids[account], TargetType="AWS_ACCOUNT",
                PermissionSetArn=permission_sets[a["permission_set"]], PrincipalType=a["principal_type"],
                PrincipalId=principals[a["principal_type"]][a["principal"]])["AccountAssignmentCreationStatus"]
            assert status["Status"] == "SUCCEEDED", status
            assignments.append({"account": account, "account_id": ids[account],
                                "permission_set": a["permission_set"],
                                "permission_set_arn": permission_sets[a["permission_set"]],
                                "principal_type": a["principal_type"], "principal": a["principal"],
                                "principal_id": principals[a["principal_type"]][a["principal"]]})
    # Re-provision every set everywhere, as after editing a permission set.
    for arn in permission_sets.values():
        status = sso.provision_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn,
                                              TargetType="ALL_PROVISIONED_ACCOUNTS")["PermissionSetProvisioningStatus"]
        assert status["Status"] == "SUCCEEDED", status
    provisioned = {name: sorted({x["account"] for x in assignments if x["permission_set"] == name})
                   for name in permission_sets}
    # The roles and SAML providers provisioning created, per account.
    roles, saml = {}, {}
    for account in sorted({x["account"] for x in assignments}):
        iam = client(endpoint, "iam", creds_of(account))
        for role in iam.list_roles(PathPrefix="/aws-reserved/sso.amazonaws.com/")["Roles"]:
            set_name = role["RoleName"][len("AWSReservedSSO_"):].rpartition("_")[0]
            roles.setdefault(account, {})[set_name] = {"name": role["RoleName"], "arn": role["Arn"],
                                                       "path": role["Path"]}
        saml[account] = [p["Arn"] for p in iam.list_saml_providers()["SAMLProviderList"]
                         if p["Arn"].rpartition("/")[2].startswith("AWSSSO_")]
    return {"spec": spec, "home_region": region, "management_account_id": ids[MANAGEMENT],
            "account_ids": ids, "instance_arn": instance_arn, "identity_store_id": store,
            "permission_sets": permission_sets, "users": users, "groups": groups,
            "memberships": memberships, "assignments": assignments, "provisioned": provisioned,
            "customer_managed_policies": customer_policies, "roles": roles, "saml_providers": saml}


def seed_root_access(endpoint, account_ids):
    """Centralised root access and every account's root user
    (ROOT_ACCESS_SPEC); returns the manifest's `root_access` section."""
    spec = ROOT_ACCESS_SPEC
    ids = dict(account_ids, **{MANAGEMENT: "123456789012"})
    org = client(endpoint, "organizations")
    for principal in spec["trusted_services"]:
        org.enable_aws_service_access(ServicePrincipal=principal)
    iam = client(endpoint, "iam")
    if "RootCredentialsManagement" in spec["features"]:
        iam.enable_organizations_root_credentials_management()
    if "RootSessions" in spec["features"]:
        iam.enable_organizations_root_sessions()
    features = iam.list_organizations_features()
    root = {}
    for name, account in ids.items():
        state = spec["root_credentials"].get(name, spec["member_default"])
        recorded = emulator_post(endpoint, "/orgaudit-emulator/root-credentials", dict(state, account_id=account))
        root[name] = dict(state, account_id=account, report_row=recorded["row"])
    return {"spec": spec, "organization_id": features["OrganizationId"],
            "enabled_features": features["EnabledFeatures"], "root_credentials": root}


def seed_rcps(endpoint, root_id):
    """Resource control policies (RCP_SPEC), enabled on the root; returns
    the manifest's `rcps` section."""
    org = client(endpoint, "organizations")
    org.enable_policy_type(RootId=root_id, PolicyType="RESOURCE_CONTROL_POLICY")
    org_id = org.describe_organization()["Organization"]["Id"]
    policies = {}
    for name, rcp in RCP_SPEC.items():
        content = json.dumps(rcp["document"]).replace("{org_id}", org_id)
        summary = org.create_policy(Name=name, Description=rcp["description"], Type="RESOURCE_CONTROL_POLICY",
                                    Content=content)["Policy"]["PolicySummary"]
        targets = []
        for target in rcp["targets"]:
            # Only the root for now; OUs and accounts would be named as in ORG_SPEC's SCPs.
            target_id = {"root": root_id}[target]
            org.attach_policy(PolicyId=summary["Id"], TargetId=target_id)
            targets.append(target_id)
        policies[name] = {"id": summary["Id"], "arn": summary["Arn"], "content": json.loads(content),
                          "targets": targets}
    # AWS attaches its RCPFullAWSAccess to every root, OU and account when RCPs are enabled.
    return {"spec": RCP_SPEC, "policy_type": "RESOURCE_CONTROL_POLICY", "enabled": True,
            "aws_managed_policy_id": "p-RCPFullAWSAccess", "policies": policies}


def seed_billing(endpoint, creds, alarms):
    cw = client(endpoint, "cloudwatch", creds)
    sns = client(endpoint, "sns", creds)
    for alarm in alarms:
        actions = []
        if alarm["topic"]:
            topic = sns.create_topic(Name=alarm["topic"])["TopicArn"]
            for email in alarm["subscribers"]:
                sns.subscribe(TopicArn=topic, Protocol="email", Endpoint=email)
            actions = [topic]
        common = {"AlarmName": alarm["name"], "EvaluationPeriods": 1, "Threshold": 100.0,
                  "ComparisonOperator": "GreaterThanThreshold", "AlarmActions": actions}
        if alarm["kind"] == "metric":
            cw.put_metric_alarm(Namespace="AWS/Billing", MetricName="EstimatedCharges", Statistic="Maximum",
                                Period=21600, Dimensions=[{"Name": "Currency", "Value": "USD"}], **common)
        else:
            cw.put_metric_alarm(Metrics=[
                {"Id": "charges", "ReturnData": False, "MetricStat": {
                    "Metric": {"Namespace": "AWS/Billing", "MetricName": "EstimatedCharges",
                               "Dimensions": [{"Name": "Currency", "Value": "USD"}]},
                    "Period": 21600, "Stat": "Maximum"}},
                {"Id": "daily", "Expression": "RATE(charges) * 86400", "ReturnData": True},
            ], **common)
    # An unrelated alarm the collector must ignore.
    cw.put_metric_alarm(AlarmName="cpu-high", Namespace="AWS/EC2", MetricName="CPUUtilization",
                        Statistic="Average", Period=300, EvaluationPeriods=1, Threshold=90.0,
                        ComparisonOperator="GreaterThanThreshold")


def seed_config(endpoint, creds, regions):
    for region in regions:
        cfg = client(endpoint, "config", creds, region)
        s3 = client(endpoint, "s3", creds, region)
        bucket = f"config-{region}-{creds['aws_access_key_id'][-8:].lower()}"
        s3.create_bucket(Bucket=bucket, **({} if region == "us-east-1" else
                                             {"CreateBucketConfiguration": {"LocationConstraint": region}}))
        cfg.put_configuration_recorder(ConfigurationRecorder={
            "name": "default", "roleARN": "arn:aws:iam::123456789012:role/config",
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": region == "us-east-1"}})
        cfg.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": bucket})
        cfg.start_configuration_recorder(ConfigurationRecorderName="default")


def seed_bulk(endpoint, accounts, users, idc_users=0):
    """N accounts x M users (each with a password and a key), for benchmarks;
    with `idc_users`, Identity Center in us-east-1 with that many users in one
    group, assigned two permission sets in every account, and one user
    assigned directly in each."""
    org, root_id = create_org(endpoint)
    ids = []
    for i in range(accounts):
        status = org.create_account(Email=f"bulk{i}@example.com", AccountName=f"bulk-{i:04d}")
        ids.append(status["CreateAccountStatus"]["AccountId"])

    def fill(account_id):
        iam = client(endpoint, "iam", member_creds(endpoint, account_id))
        iam.put_role_policy(RoleName=ROLE, PolicyName="audit", PolicyDocument=json.dumps(ADMIN_DOC))
        for u in range(users):
            name = f"user-{u:04d}"
            iam.create_user(UserName=name)
            iam.create_login_profile(UserName=name, Password="Example-Passw0rd!")
            iam.create_access_key(UserName=name)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(fill, ids))
    if idc_users:
        seed_bulk_identity(endpoint, ids, idc_users)
    return {"management_account_id": "123456789012", "root_id": root_id,
            "account_ids": {f"bulk-{i:04d}": a for i, a in enumerate(ids)},
            "users_per_account": users, "identity_center_users": idc_users}


def seed_bulk_identity(endpoint, account_ids, users):
    region = "us-east-1"
    instance = emulator_post(endpoint, "/orgaudit-emulator/identity-center/enable", {"region": region})
    arn, store = instance["InstanceArn"], instance["IdentityStoreId"]
    sso = client(endpoint, "sso-admin", None, region)
    ids = client(endpoint, "identitystore", None, region)
    group = ids.create_group(IdentityStoreId=store, DisplayName="Everyone")["GroupId"]
    user_ids = []
    for u in range(users):
        user = ids.create_user(IdentityStoreId=store, UserName=f"person-{u:04d}", DisplayName=f"Person {u}",
                               Name={"GivenName": "Person", "FamilyName": str(u)})["UserId"]
        ids.create_group_membership(IdentityStoreId=store, GroupId=group, MemberId={"UserId": user})
        user_ids.append(user)
    sets = []
    for name, policy in (("Admin", "AdministratorAccess"), ("Audit", "AmazonS3ReadOnlyAccess")):
        ps = sso.create_permission_set(InstanceArn=arn, Name=name, SessionDuration="PT4H")
        sets.append(ps["PermissionSet"]["PermissionSetArn"])
        sso.attach_managed_policy_to_permission_set(InstanceArn=arn, PermissionSetArn=sets[-1],
                                                    ManagedPolicyArn=f"arn:aws:iam::aws:policy/{policy}")
    for account in account_ids:
        for ps in sets:
            sso.create_account_assignment(InstanceArn=arn, TargetId=account, TargetType="AWS_ACCOUNT",
                                          PermissionSetArn=ps, PrincipalType="GROUP", PrincipalId=group)
        sso.create_account_assignment(InstanceArn=arn, TargetId=account, TargetType="AWS_ACCOUNT",
                                      PermissionSetArn=sets[1], PrincipalType="USER", PrincipalId=user_ids[0])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--manifest", required=True)
    parser.add_argument("--bulk-accounts", type=int)
    parser.add_argument("--bulk-users", type=int, default=20)
    parser.add_argument("--bulk-idc-users", type=int, default=0,
                        help="Identity Center users (with --bulk-accounts)")
    parser.add_argument("--audit-policy", help="JSON policy for an OrgAuditReadOnly role in every member")
    parser.add_argument("--runner-policy", help="JSON policy for the orgaudit-runner user instead of admin")
    args = parser.parse_args()
    if args.bulk_accounts is not None:
        manifest = seed_bulk(args.endpoint, args.bulk_accounts, args.bulk_users, args.bulk_idc_users)
    else:
        load = lambda path: json.load(open(path)) if path else None
        manifest = seed_example(args.endpoint, load(args.audit_policy), load(args.runner_policy))
    with open(args.manifest, "w") as f:
        json.dump(manifest, f, indent=2, sort_keys=True)
    print(f"seeded {len(manifest['account_ids'])} member accounts", file=sys.stderr)


if __name__ == "__main__":
    main()

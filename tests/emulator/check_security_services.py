"""Check, by hand, that an emulator seeded by seed_org.py serves the
organisation's security services as AWS would: CloudTrail, GuardDuty,
Security Hub, IAM Access Analyzer and the Organizations delegations, each
called from the accounts that would call it (management, delegated
administrator, members), compared with the manifest seed_org.py wrote.
It starts nothing and changes nothing.

    check_security_services.py --endpoint URL --manifest FILE

Prints each check; exits 1 when any fails.
"""

import argparse
import datetime
import json
import os
import re
import sys

from botocore.exceptions import ClientError

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from seed_org import client, member_creds  # noqa: E402

MANAGEMENT = "management"
RFC3339_Z = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")


class Checks:
    def __init__(self):
        self.failed = 0
        self.passed = 0

    def check(self, label, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"ok    {label}")
        else:
            self.failed += 1
            print(f"FAIL  {label}" + (f": {detail}" if detail else ""))
        return ok

    def equal(self, label, got, want):
        return self.check(label, got == want, f"got {got!r}, want {want!r}")

    def error(self, label, call, code, message_part=""):
        try:
            out = call()
        except ClientError as e:
            got = e.response["Error"].get("Code")
            message = e.response["Error"].get("Message", "")
            return self.check(label, got == code and message_part.lower() in message.lower(),
                              f"got {got}: {message}")
        return self.check(label, False, f"no error, answered {out}")


def raw_bodies(c):
    """Record each response body of client `c` (the wire JSON, before
    botocore's parsing forgives casing or timestamp formats)."""
    bodies = {}

    def keep(http_response, model, **_):
        try:
            bodies[model.name] = json.loads(http_response.content or b"{}")
        except ValueError:
            bodies[model.name] = None

    c.meta.events.register("after-call", keep)
    return bodies


def days_ago(moment):
    return (datetime.datetime.now(datetime.timezone.utc) - moment).total_seconds() / 86400


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--manifest", required=True)
    args = parser.parse_args()
    endpoint = args.endpoint
    manifest = json.load(open(args.manifest))
    sec = manifest["security_services"]
    spec = sec["spec"]
    ids = dict(manifest["account_ids"], **{MANAGEMENT: manifest["management_account_id"]})
    names = list(manifest["account_ids"])
    creds = {n: member_creds(endpoint, ids[n]) for n in names}
    creds[MANAGEMENT] = None
    regions = spec["regions"]
    admin = spec["admin"]
    enrolled = sec["guardduty"]["members"]
    c = Checks()

    def cl(service, who, region="us-east-1"):
        return client(endpoint, service, creds[who], region)

    # --- Organizations ---------------------------------------------------
    org = cl("organizations", MANAGEMENT)
    access = {s["ServicePrincipal"] for s in org.list_aws_service_access_for_organization()["EnabledServicePrincipals"]}
    c.check("organizations: trusted access for the security services", set(spec["trusted_services"]) <= access,
            f"enabled {sorted(access)}")
    admins = org.list_delegated_administrators()["DelegatedAdministrators"]
    c.equal("organizations: delegated administrators", [a["Id"] for a in admins], [ids[admin]])
    for principal in spec["delegated_services"]:
        listed = org.list_delegated_administrators(ServicePrincipal=principal)["DelegatedAdministrators"]
        c.equal(f"organizations: delegated administrator for {principal}", [a["Id"] for a in listed], [ids[admin]])
    services = org.list_delegated_services_for_account(AccountId=ids[admin])["DelegatedServices"]
    c.equal("organizations: services delegated to the admin", sorted(s["ServicePrincipal"] for s in services),
            sorted(spec["delegated_services"]))

    # --- CloudTrail ------------------------------------------------------
    trail = sec["cloudtrail"]["org_trail"]
    for who in [MANAGEMENT] + names:
        for region in regions:
            ct = cl("cloudtrail", who, region)
            listed = ct.describe_trails()["trailList"]
            org_trails = [t for t in listed if t["TrailARN"] == trail["arn"]]
            where = f"cloudtrail {who} {region}"
            if not c.check(f"{where}: DescribeTrails shows the organisation trail", len(org_trails) == 1,
                           f"trails {[t['TrailARN'] for t in listed]}"):
                continue
            t = org_trails[0]
            c.equal(f"{where}: org trail settings",
                    (t["Name"], t["HomeRegion"], t["IsOrganizationTrail"], t["IsMultiRegionTrail"],
                     t["LogFileValidationEnabled"], t.get("KmsKeyId"), t["S3BucketName"],
                     t["HasCustomEventSelectors"]),
                    (trail["name"], trail["home_region"], True, True, True, trail["kms_key_id"], trail["bucket"],
                     True))
            own = [x for x in ct.describe_trails(includeShadowTrails=False)["trailList"]
                   if x["TrailARN"] == trail["arn"]]
            expect_own = who == MANAGEMENT and region == trail["home_region"]
            c.equal(f"{where}: org trail without shadow trails", len(own), 1 if expect_own else 0)
            status = ct.get_trail_status(Name=trail["arn"])
            c.check(f"{where}: GetTrailStatus(org trail) is logging", status["IsLogging"] is True, str(status))
            selectors = ct.get_event_selectors(TrailName=trail["arn"])
            c.equal(f"{where}: GetEventSelectors(org trail)",
                    (selectors["TrailARN"], [(s["ReadWriteType"], s["IncludeManagementEvents"])
                                             for s in selectors.get("EventSelectors", [])]),
                    (trail["arn"], [("All", True)]))
            got = ct.get_trail(Name=trail["arn"])["Trail"]
            c.equal(f"{where}: GetTrail(org trail)", (got["TrailARN"], got.get("HomeRegion")),
                    (trail["arn"], trail["home_region"]))
            if who == MANAGEMENT:
                c.check(f"{where}: ListTags(org trail)",
                        ct.list_tags(ResourceIdList=[trail["arn"]])["ResourceTagList"][0]["ResourceId"] == trail["arn"])
            else:
                c.error(f"{where}: ListTags(org trail) refused in a member",
                        lambda: ct.list_tags(ResourceIdList=[trail["arn"]]), "CloudTrailARNInvalidException")
            if who in ("prod-web",):
                for owner, local in sec["cloudtrail"]["account_trails"].items():
                    c.error(f"{where}: another member's trail {local['name']} is not visible",
                            lambda: ct.get_trail_status(Name=local["arn"]), "TrailNotFoundException")
    for owner, local in sec["cloudtrail"]["account_trails"].items():
        for region in regions:
            ct = cl("cloudtrail", owner, region)
            listed = {t["TrailARN"]: t for t in ct.describe_trails()["trailList"]}
            where = f"cloudtrail {owner} {region}"
            if region != local["home_region"]:
                c.check(f"{where}: single-region trail {local['name']} absent", local["arn"] not in listed)
                continue
            t = listed.get(local["arn"])
            if not c.check(f"{where}: trail {local['name']} listed", t is not None, str(list(listed))):
                continue
            c.equal(f"{where}: {local['name']} settings",
                    (t["HomeRegion"], t["IsMultiRegionTrail"], t["IsOrganizationTrail"],
                     t["LogFileValidationEnabled"], t.get("KmsKeyId"), t["S3BucketName"],
                     t["HasCustomEventSelectors"]),
                    (local["home_region"], False, False, False, None, local["bucket"], False))
            c.equal(f"{where}: {local['name']} logging", ct.get_trail_status(Name=local["name"])["IsLogging"], False)
    # A multi-region trail is listed in its other regions, with its home region.
    ct = cl("cloudtrail", MANAGEMENT, "eu-west-1")
    shadow = [t for t in ct.describe_trails()["trailList"] if t["TrailARN"] == trail["arn"]]
    c.check("cloudtrail management eu-west-1: shadow trail keeps HomeRegion",
            bool(shadow) and shadow[0]["HomeRegion"] == trail["home_region"])
    for who, bucket in [(trail["bucket_owner"], trail["bucket"])] + [
            (o, t["bucket"]) for o, t in sec["cloudtrail"]["account_trails"].items()]:
        buckets = [b["Name"] for b in cl("s3", who).list_buckets()["Buckets"]]
        c.check(f"s3 {who}: owns trail bucket {bucket}", bucket in buckets)
    buckets = [b["Name"] for b in cl("s3", MANAGEMENT).list_buckets()["Buckets"]]
    c.check("s3 management: does not own the org trail bucket", trail["bucket"] not in buckets)

    # --- GuardDuty -------------------------------------------------------
    gd_sec = sec["guardduty"]
    for region in regions:
        gd = cl("guardduty", MANAGEMENT, region)
        listed = gd.list_organization_admin_accounts()["AdminAccounts"]
        c.equal(f"guardduty management {region}: ListOrganizationAdminAccounts",
                [(a["AdminAccountId"], a["AdminStatus"]) for a in listed], [(ids[admin], "ENABLED")])
        c.equal(f"guardduty management {region}: no detector", gd.list_detectors()["DetectorIds"], [])
        gd = cl("guardduty", admin, region)
        raw = raw_bodies(gd)
        detector = gd_sec["detectors"][admin][region]["id"]
        config = gd.describe_organization_configuration(DetectorId=detector)
        c.equal(f"guardduty {admin} {region}: DescribeOrganizationConfiguration",
                (config.get("AutoEnableOrganizationMembers"), config.get("AutoEnable"),
                 config["MemberAccountLimitReached"]), (gd_sec["auto_enable"], True, False))
        c.check(f"guardduty {admin} {region}: organisation configuration in camelCase on the wire",
                "autoEnableOrganizationMembers" in (raw.get("DescribeOrganizationConfiguration") or {}))
        members, token = [], None
        while True:
            page = gd.list_members(DetectorId=detector, OnlyAssociated="false", MaxResults=2,
                                   **({"NextToken": token} if token else {}))
            members += page["Members"]
            token = page.get("NextToken")
            if not token:
                break
        want = sorted((ids[n], gd_sec["detectors"][n][region]["id"], "Enabled", ids[admin], ids[admin],
                       f"{n}@example.com") for n in enrolled)
        c.equal(f"guardduty {admin} {region}: ListMembers (pages of 2)",
                sorted((m["AccountId"], m.get("DetectorId"), m["RelationshipStatus"], m.get("AdministratorId"),
                        m["MasterId"], m["Email"]) for m in members), want)
        c.check(f"guardduty {admin} {region}: member UpdatedAt is an ISO 8601 string",
                all(RFC3339_Z.fullmatch(m["UpdatedAt"]) for m in members), str([m["UpdatedAt"] for m in members]))
        associated = gd.list_members(DetectorId=detector)["Members"]
        c.equal(f"guardduty {admin} {region}: ListMembers (associated only)", len(associated), len(enrolled))
        for who in [n for n in names if n != admin]:
            gd = cl("guardduty", who, region)
            want = gd_sec["detectors"].get(who, {}).get(region)
            listed = gd.list_detectors()["DetectorIds"]
            where = f"guardduty {who} {region}"
            c.equal(f"{where}: ListDetectors", listed, [want["id"]] if want else [])
            if not listed:
                continue
            detector = gd.get_detector(DetectorId=listed[0])
            c.equal(f"{where}: GetDetector status", detector["Status"], want["status"])
            got = gd.get_administrator_account(DetectorId=listed[0]).get("Administrator", {})
            c.equal(f"{where}: GetAdministratorAccount", (got.get("AccountId"), got.get("RelationshipStatus")),
                    (ids[admin], "Enabled") if who in enrolled else (None, None))
            c.error(f"{where}: DescribeOrganizationConfiguration refused (not the administrator)",
                    lambda: gd.describe_organization_configuration(DetectorId=listed[0]), "BadRequestException")

    # --- Security Hub ----------------------------------------------------
    sh_sec = sec["securityhub"]
    for region in regions:
        sh = cl("securityhub", MANAGEMENT, region)
        listed = sh.list_organization_admin_accounts()["AdminAccounts"]
        c.equal(f"securityhub management {region}: ListOrganizationAdminAccounts",
                [(a["AccountId"], a["Status"]) for a in listed], [(ids[admin], "ENABLED")])
        sh = cl("securityhub", admin, region)
        config = sh.describe_organization_configuration()
        c.equal(f"securityhub {admin} {region}: DescribeOrganizationConfiguration AutoEnable",
                config["AutoEnable"], True)
        raw = raw_bodies(sh)
        members = sh.list_members(OnlyAssociated=False)["Members"]
        c.equal(f"securityhub {admin} {region}: ListMembers",
                sorted((m["AccountId"], m["MemberStatus"], m.get("AdministratorId")) for m in members),
                sorted((ids[n], "Enabled", ids[admin]) for n in sh_sec["members"]))
        stamps = [m.get(k) for m in raw["ListMembers"]["Members"] for k in ("InvitedAt", "UpdatedAt")]
        c.check(f"securityhub {admin} {region}: member timestamps are ISO 8601 strings",
                all(isinstance(s, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)", s)
                    for s in stamps), str(stamps))
        for who in [MANAGEMENT] + names:
            sh = cl("securityhub", who, region)
            want = sh_sec["hubs"].get(who, {}).get(region)
            where = f"securityhub {who} {region}"
            if want is None:
                c.error(f"{where}: DescribeHub says not subscribed", sh.describe_hub, "InvalidAccessException",
                        "not subscribed")
                c.error(f"{where}: GetEnabledStandards says not subscribed", sh.get_enabled_standards,
                        "InvalidAccessException", "not subscribed")
                continue
            c.equal(f"{where}: DescribeHub", sh.describe_hub()["HubArn"], want["hub_arn"])
            subs = sh.get_enabled_standards()["StandardsSubscriptions"]
            c.equal(f"{where}: GetEnabledStandards",
                    sorted((s["StandardsArn"], s["StandardsStatus"], s["StandardsSubscriptionArn"], str(s["StandardsInput"]))
                           for s in subs),
                    sorted((a, "READY", sub, "{}") for a, sub in zip(want["standards"], want["subscriptions"])))
            cis = spec["securityhub_standard"].format(region=region)
            has_cis = any(s["StandardsArn"] == cis for s in subs)
            c.equal(f"{where}: CIS v3.0.0 enabled", has_cis, not (who == "dev" and region == "eu-west-1"))
            got = sh.get_administrator_account().get("Administrator", {}).get("AccountId")
            c.equal(f"{where}: GetAdministratorAccount", got, ids[admin] if who in sh_sec["members"] else None)

    # --- IAM Access Analyzer ---------------------------------------------
    aa_sec = sec["access_analyzer"]
    for who in [MANAGEMENT] + names:
        for region in regions:
            aa = cl("accessanalyzer", who, region)
            raw = raw_bodies(aa)
            want = aa_sec["analyzers"].get(who, {}).get(region, [])
            listed = aa.list_analyzers()["analyzers"]
            where = f"access-analyzer {who} {region}"
            c.equal(f"{where}: ListAnalyzers", sorted((a["arn"], a["name"], a["type"], a["status"]) for a in listed),
                    sorted((a["arn"], a["name"], a["type"], "ACTIVE") for a in want))
            if listed:
                c.check(f"{where}: createdAt is an ISO 8601 string on the wire",
                        all(RFC3339_Z.fullmatch(a["createdAt"]) for a in raw["ListAnalyzers"]["analyzers"]))
            for a in want:
                by_type = aa.list_analyzers(type=a["type"])["analyzers"]
                c.equal(f"{where}: ListAnalyzers(type={a['type']})", [x["arn"] for x in by_type], [a["arn"]])
                other = "ACCOUNT" if a["type"] == "ORGANIZATION" else "ORGANIZATION"
                c.equal(f"{where}: ListAnalyzers(type={other})", aa.list_analyzers(type=other)["analyzers"], [])
                c.equal(f"{where}: GetAnalyzer({a['name']})", aa.get_analyzer(analyzerName=a["name"])["analyzer"]["arn"],
                        a["arn"])
            c.error(f"{where}: GetAnalyzer(missing) not found", lambda: aa.get_analyzer(analyzerName="missing"),
                    "ResourceNotFoundException")
    target = aa_sec["findings"][0]["analyzer_arn"]
    aa = cl("accessanalyzer", admin, "us-east-1")
    raw = raw_bodies(aa)
    every = aa.list_findings_v2(analyzerArn=target)["findings"]
    c.equal("access-analyzer findings: all", sorted(f["id"] for f in every), sorted(f["id"] for f in aa_sec["findings"]))
    wire = raw["ListFindingsV2"]["findings"]
    c.check("access-analyzer findings: timestamps are ISO 8601 strings on the wire",
            all(RFC3339_Z.fullmatch(f[k]) for f in wire for k in ("createdAt", "updatedAt", "analyzedAt")))
    active = aa.list_findings_v2(analyzerArn=target, filter={"status": {"eq": ["ACTIVE"]}})["findings"]
    by_id = {f["id"]: f for f in aa_sec["findings"]}
    c.equal("access-analyzer findings: ACTIVE", sorted(f["id"] for f in active),
            sorted(f["id"] for f in aa_sec["findings"] if f["status"] == "ACTIVE"))
    for f in every:
        m = by_id[f["id"]]
        c.equal(f"access-analyzer finding {m['owner']} {m['status']}",
                (f["resource"], f["resourceType"], f["resourceOwnerAccount"], f["status"], f["findingType"]),
                (m["resource"], m["resource_type"], ids[m["owner"]], m["status"], "ExternalAccess"))
        c.check(f"access-analyzer finding {m['owner']}: created {m['days_ago']} days ago",
                abs(days_ago(f["createdAt"]) - m["days_ago"]) < 0.5, str(f["createdAt"]))
    pages, token = [], None
    while True:
        page = aa.list_findings_v2(analyzerArn=target, maxResults=1, **({"nextToken": token} if token else {}))
        pages.append([f["id"] for f in page["findings"]])
        token = page.get("nextToken")
        if not token:
            break
    c.equal("access-analyzer findings: pages of 1", sorted(sum(pages, [])), sorted(by_id))
    c.error("access-analyzer findings: another account's analyzer is not found",
            lambda: cl("accessanalyzer", "prod-web").list_findings_v2(analyzerArn=target),
            "ResourceNotFoundException")

    print(f"{c.passed} checks passed, {c.failed} failed")
    sys.exit(1 if c.failed else 0)


if __name__ == "__main__":
    main()

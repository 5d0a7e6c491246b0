"""Check, by hand, that an emulator seeded by seed_org.py serves the
organisation's identity plane as AWS would: IAM Identity Center (instance,
permission sets, assignments, provisioning, identity store), centralised
root access, root users in credential reports and account summaries, and
resource control policies; each called from the accounts that would call
it and compared with the manifest seed_org.py wrote. Every JSON answer of
sso-admin and identitystore is also checked against botocore's service
model (required members, types, enums, patterns, epoch-number timestamps,
no nulls), and every list call is paged with MaxResults=1.

    check_identity_center.py --endpoint URL --manifest FILE

It starts nothing; the error paths it provokes (turning IAM's trusted
access off for a moment) are put back as they were. Prints each check;
exits 1 when any fails.
"""

import argparse
import csv
import io
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_security_services import Checks  # noqa: E402
from seed_org import MANAGEMENT, client, member_creds  # noqa: E402

REPORT_HEADER = ("user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
                 "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
                 "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
                 "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
                 "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
                 "cert_1_last_rotated,cert_2_active,cert_2_last_rotated").split(",")
REPORT_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00")


def shape_problems(shape, value, path="$"):
    """Where a JSON answer differs from the botocore output shape."""
    if value is None:
        return [f"{path}: null"]
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            return [f"{path}: not an object"]
        out = [f"{path}.{m}: required, missing" for m in shape.required_members if m not in value]
        for key, item in value.items():
            member = shape.members.get(key)
            if member is None:
                out.append(f"{path}.{key}: not in the model")
            else:
                out += shape_problems(member, item, f"{path}.{key}")
        return out
    if kind == "list":
        if not isinstance(value, list):
            return [f"{path}: not a list"]
        return [p for i, item in enumerate(value) for p in shape_problems(shape.member, item, f"{path}[{i}]")]
    if kind == "map":
        if not isinstance(value, dict):
            return [f"{path}: not a map"]
        return [p for k, v in value.items() for p in shape_problems(shape.value, v, f"{path}.{k}")]
    if kind == "timestamp":
        return [] if isinstance(value, (int, float)) and not isinstance(value, bool) else [
            f"{path}: timestamp {value!r} is not epoch seconds"]
    if kind == "boolean":
        return [] if isinstance(value, bool) else [f"{path}: not a boolean"]
    if kind in ("integer", "long"):
        return [] if isinstance(value, int) and not isinstance(value, bool) else [f"{path}: not an integer"]
    if kind == "string":
        if not isinstance(value, str):
            return [f"{path}: not a string"]
        out = []
        if shape.enum and value not in shape.enum:
            out.append(f"{path}: {value!r} not in {shape.enum}")
        pattern = shape.metadata.get("pattern")
        try:
            # Smithy patterns are not anchored; Java's \p{...} classes are skipped.
            mismatch = pattern and not re.search(pattern, value)
        except re.error:
            mismatch = False
        if mismatch:
            out.append(f"{path}: {value!r} does not match {pattern}")
        if len(value) < shape.metadata.get("min", 0) or len(value) > shape.metadata.get("max", 1 << 30):
            out.append(f"{path}: length {len(value)} out of range")
        return out
    return []


class Wire:
    """Every JSON body a client receives, checked against the model."""

    def __init__(self, c):
        self.bodies = {}
        self.problems = {}
        self.counts = {}

        def keep(http_response, model, **_):
            try:
                body = json.loads(http_response.content or b"{}")
            except ValueError:
                body = None
            self.counts[model.name] = self.counts.get(model.name, 0) + 1
            if http_response.status_code >= 300:
                return
            self.bodies[model.name] = body
            if model.output_shape is not None:
                found = shape_problems(model.output_shape, body)
                if model.name == "GetInlinePolicyForPermissionSet" and body.get("InlinePolicy") == "":
                    # The model's own note: "it is possible for an empty inline policy to be returned".
                    found = [f for f in found if not f.startswith("$.InlinePolicy:")]
                if found:
                    self.problems.setdefault(model.name, []).extend(found)

        c.meta.events.register("after-call", keep)


def pages(call, key, token_in="NextToken", token_out="NextToken", **params):
    """Every page of a list call with MaxResults=1: (items, page sizes)."""
    items, sizes, token = [], [], None
    while True:
        page = call(MaxResults=1, **params, **({token_in: token} if token else {}))
        items += page[key]
        sizes.append(len(page[key]))
        token = page.get(token_out)
        if not token or len(sizes) > 100:
            return items, sizes


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--manifest", required=True)
    args = parser.parse_args()
    endpoint = args.endpoint
    manifest = json.load(open(args.manifest))
    ic = manifest["identity_center"]
    spec = ic["spec"]
    ids = ic["account_ids"]
    names = list(manifest["account_ids"])
    creds = {n: member_creds(endpoint, ids[n]) for n in names}
    creds[MANAGEMENT] = None
    home = ic["home_region"]
    c = Checks()
    wires = []

    def cl(service, who, region="us-east-1"):
        out = client(endpoint, service, creds[who], region)
        if service in ("sso-admin", "identitystore"):
            wires.append(Wire(out))
        return out

    def paged(label, call, key, want, **params):
        items, sizes = pages(call, key, **params)
        c.check(f"{label}: pages of 1", all(s == 1 for s in sizes) and len(sizes) == max(len(want), 1)
                or (not want and sizes == [0]), f"page sizes {sizes}")
        return items

    # --- Identity Center: the instance ------------------------------------
    for who in [MANAGEMENT] + names:
        for region in ("us-east-1", home):
            listed = cl("sso-admin", who, region).list_instances()["Instances"]
            if who == MANAGEMENT and region == home:
                c.equal(f"sso-admin {who} {region}: ListInstances",
                        [(i["InstanceArn"], i["IdentityStoreId"], i["OwnerAccountId"], i["Status"]) for i in listed],
                        [(ic["instance_arn"], ic["identity_store_id"], ic["management_account_id"], "ACTIVE")])
            else:
                c.equal(f"sso-admin {who} {region}: ListInstances is empty", listed, [])
    sso = cl("sso-admin", MANAGEMENT, home)
    sso_wire = wires[-1]
    instances = paged("sso-admin ListInstances", sso.list_instances, "Instances", [1])
    c.equal("sso-admin ListInstances (paged)", [i["InstanceArn"] for i in instances], [ic["instance_arn"]])
    arn = ic["instance_arn"]
    c.error("sso-admin management us-east-1: the instance is not served outside its Region",
            lambda: cl("sso-admin", MANAGEMENT).list_permission_sets(InstanceArn=arn), "ResourceNotFoundException")
    c.error("sso-admin prod-web: the instance is not served to a member",
            lambda: cl("sso-admin", "prod-web", home).list_permission_sets(InstanceArn=arn),
            "ResourceNotFoundException")

    # --- Permission sets ----------------------------------------------------
    by_arn = {v: k for k, v in ic["permission_sets"].items()}
    listed = paged("sso-admin ListPermissionSets", sso.list_permission_sets, "PermissionSets",
                   list(by_arn), InstanceArn=arn)
    c.equal("sso-admin ListPermissionSets", sorted(listed), sorted(by_arn))
    c.equal("sso-admin ListPermissionSets (one call)",
            sorted(sso.list_permission_sets(InstanceArn=arn)["PermissionSets"]),
            sorted(by_arn))
    for ps_name, ps_arn in ic["permission_sets"].items():
        want = spec["permission_sets"][ps_name]
        where = f"sso-admin {ps_name}"
        ps = sso.describe_permission_set(InstanceArn=arn, PermissionSetArn=ps_arn)["PermissionSet"]
        c.equal(f"{where}: DescribePermissionSet",
                (ps["Name"], ps["PermissionSetArn"], ps["SessionDuration"], ps.get("Description")),
                (ps_name, ps_arn, want["session_duration"], want["description"]))
        c.check(f"{where}: CreatedDate is epoch seconds on the wire",
                isinstance(sso_wire.bodies["DescribePermissionSet"]["PermissionSet"]["CreatedDate"], (int, float)))
        managed = paged(f"{where}: ListManagedPoliciesInPermissionSet", sso.list_managed_policies_in_permission_set,
                        "AttachedManagedPolicies", want["managed_policies"], InstanceArn=arn, PermissionSetArn=ps_arn)
        c.equal(f"{where}: managed policies", sorted((p["Arn"], p["Name"]) for p in managed),
                sorted((p, p.rpartition("/")[2]) for p in want["managed_policies"]))
        refs = paged(f"{where}: ListCustomerManagedPolicyReferencesInPermissionSet",
                     sso.list_customer_managed_policy_references_in_permission_set,
                     "CustomerManagedPolicyReferences", want["customer_managed_policies"],
                     InstanceArn=arn, PermissionSetArn=ps_arn)
        c.equal(f"{where}: customer managed policies", sorted((r["Name"], r["Path"]) for r in refs),
                sorted((r["name"], r["path"]) for r in want["customer_managed_policies"]))
        inline = sso.get_inline_policy_for_permission_set(InstanceArn=arn, PermissionSetArn=ps_arn)
        c.equal(f"{where}: GetInlinePolicyForPermissionSet",
                json.loads(inline["InlinePolicy"]) if inline["InlinePolicy"] else None, want["inline_policy"])
        c.check(f"{where}: InlinePolicy is a string on the wire (empty when none)",
                sso_wire.bodies["GetInlinePolicyForPermissionSet"].get("InlinePolicy") == (
                    "" if not want["inline_policy"] else inline["InlinePolicy"]))
        boundary = want["permissions_boundary"]
        if boundary:
            got = sso.get_permissions_boundary_for_permission_set(InstanceArn=arn, PermissionSetArn=ps_arn)
            c.equal(f"{where}: GetPermissionsBoundaryForPermissionSet", got["PermissionsBoundary"],
                    {"ManagedPolicyArn": boundary["managed_policy_arn"]})
        else:
            c.error(f"{where}: no permissions boundary -> ResourceNotFoundException",
                    lambda: sso.get_permissions_boundary_for_permission_set(InstanceArn=arn, PermissionSetArn=ps_arn),
                    "ResourceNotFoundException")

    # --- Provisioning and assignments ---------------------------------------
    for ps_name, ps_arn in ic["permission_sets"].items():
        want = [ids[a] for a in ic["provisioned"][ps_name]]
        accounts = paged(f"sso-admin {ps_name}: ListAccountsForProvisionedPermissionSet",
                         sso.list_accounts_for_provisioned_permission_set, "AccountIds", want,
                         InstanceArn=arn, PermissionSetArn=ps_arn)
        c.equal(f"sso-admin {ps_name}: provisioned accounts", sorted(accounts), sorted(want))
        for account in accounts:
            name = next(n for n, i in ids.items() if i == account)
            expected = sorted((x["principal_type"], x["principal_id"]) for x in ic["assignments"]
                              if x["account_id"] == account and x["permission_set_arn"] == ps_arn)
            got = paged(f"sso-admin {ps_name} in {name}: ListAccountAssignments",
                        sso.list_account_assignments, "AccountAssignments", expected,
                        InstanceArn=arn, AccountId=account, PermissionSetArn=ps_arn)
            c.equal(f"sso-admin {ps_name} in {name}: assignments",
                    sorted((a["PrincipalType"], a["PrincipalId"]) for a in got), expected)
            c.check(f"sso-admin {ps_name} in {name}: assignment fields",
                    all(a["AccountId"] == account and a["PermissionSetArn"] == ps_arn for a in got))
    for name in [MANAGEMENT] + names:
        want = sorted({ic["permission_sets"][x["permission_set"]] for x in ic["assignments"] if x["account"] == name})
        got = paged(f"sso-admin {name}: ListPermissionSetsProvisionedToAccount",
                    sso.list_permission_sets_provisioned_to_account, "PermissionSets", want,
                    InstanceArn=arn, AccountId=ids[name])
        c.equal(f"sso-admin {name}: permission sets provisioned", sorted(got), want)

    # --- Identity store -------------------------------------------------------
    store = ic["identity_store_id"]
    istore = cl("identitystore", MANAGEMENT, home)
    users = paged("identitystore ListUsers", istore.list_users, "Users", list(ic["users"]), IdentityStoreId=store)
    c.equal("identitystore ListUsers", sorted((u["UserName"], u["UserId"]) for u in users), sorted(ic["users"].items()))
    for u in users:
        want = spec["users"][u["UserName"]]
        c.equal(f"identitystore user {u['UserName']}",
                (u.get("DisplayName"), u.get("Name", {}).get("GivenName"), u.get("UserArn"), u["IdentityStoreId"]),
                (f"{want['given_name']} {want['family_name']}", want["given_name"],
                 f"arn:aws:identitystore:::user/{u['UserId']}", store))
    groups = paged("identitystore ListGroups", istore.list_groups, "Groups", list(ic["groups"]), IdentityStoreId=store)
    c.equal("identitystore ListGroups", sorted((g["DisplayName"], g["GroupId"]) for g in groups),
            sorted(ic["groups"].items()))
    for group, members in spec["groups"].items():
        got = paged(f"identitystore {group}: ListGroupMemberships", istore.list_group_memberships,
                    "GroupMemberships", members, IdentityStoreId=store, GroupId=ic["groups"][group])
        c.equal(f"identitystore {group}: members", sorted(m["MemberId"]["UserId"] for m in got),
                sorted(ic["users"][u] for u in members))
        c.equal(f"identitystore {group}: membership ids", sorted(m["MembershipId"] for m in got),
                sorted(ic["memberships"][group].values()))
    c.error("identitystore: another identity store is not found",
            lambda: istore.list_users(IdentityStoreId="d-0000000000"), "ResourceNotFoundException")
    c.error("identitystore us-east-1: the store is not served outside its Region",
            lambda: cl("identitystore", MANAGEMENT).list_users(IdentityStoreId=store), "ResourceNotFoundException")

    # --- What provisioning created in the accounts -----------------------------
    for name, roles in ic["roles"].items():
        iam = cl("iam", name)
        details = iam.get_account_authorization_details(Filter=["Role", "LocalManagedPolicy", "AWSManagedPolicy"])
        by_name = {r["RoleName"]: r for r in details["RoleDetailList"]}
        for ps_name, role in roles.items():
            want = spec["permission_sets"][ps_name]
            r = by_name.get(role["name"])
            where = f"iam {name}: role for {ps_name}"
            if not c.check(f"{where} in GetAccountAuthorizationDetails", r is not None, str(list(by_name))):
                continue
            c.equal(f"{where}: path", r["Path"], f"/aws-reserved/sso.amazonaws.com/{home}/")
            statement = r["AssumeRolePolicyDocument"]["Statement"][0]
            c.check(f"{where}: trusts the account's AWSSSO_ SAML provider",
                    statement["Principal"].get("Federated") in ic["saml_providers"][name]
                    and "sts:AssumeRoleWithSAML" in statement["Action"], str(statement))
            attached = sorted(p["PolicyArn"] for p in r["AttachedManagedPolicies"])
            c.equal(f"{where}: attached policies", attached, sorted(
                want["managed_policies"] + [f"arn:aws:iam::{ids[name]}:policy{p['path']}{p['name']}"
                                            for p in want["customer_managed_policies"]]))
            c.equal(f"{where}: inline policy", {p["PolicyName"]: p["PolicyDocument"] for p in r["RolePolicyList"]},
                    {"AwsSSOInlinePolicy": want["inline_policy"]} if want["inline_policy"] else {})
            c.equal(f"{where}: permissions boundary", r.get("PermissionsBoundary", {}).get("PermissionsBoundaryArn"),
                    (want["permissions_boundary"] or {}).get("managed_policy_arn"))
            role_info = iam.get_role(RoleName=role["name"])["Role"]
            c.equal(f"{where}: MaxSessionDuration", role_info.get("MaxSessionDuration"),
                    {"PT12H": 43200, "PT8H": 28800, "PT4H": 14400}[want["session_duration"]])
        local = {p["Arn"].rpartition("/")[2]: p for p in details["Policies"]
                 if not p["Arn"].startswith("arn:aws:iam::aws:")}
        for policy, policy_arn in ic["customer_managed_policies"].get(name, {}).items():
            p = local.get(policy)
            if c.check(f"iam {name}: {policy} listed as a local managed policy", p is not None):
                doc = next(v["Document"] for v in p["PolicyVersionList"] if v["IsDefaultVersion"])
                c.equal(f"iam {name}: {policy} document", doc, spec["customer_managed_policies"][policy]["document"])
                c.equal(f"iam {name}: {policy} attached once (to the reserved role)", p["AttachmentCount"], 1)
        aws = sorted(p["Arn"] for p in details["Policies"] if p["Arn"].startswith("arn:aws:iam::aws:"))
        c.equal(f"iam {name}: AWS managed policies listed are those in use", aws, sorted(
            {a for ps in roles for a in spec["permission_sets"][ps]["managed_policies"]}
            | {spec["permission_sets"][ps]["permissions_boundary"]["managed_policy_arn"] for ps in roles
               if spec["permission_sets"][ps]["permissions_boundary"]}))

    # --- Centralised root access ------------------------------------------------
    ra = manifest["root_access"]
    iam = cl("iam", MANAGEMENT)
    features = iam.list_organizations_features()
    c.equal("iam management: ListOrganizationsFeatures", (features["OrganizationId"], features["EnabledFeatures"]),
            (ra["organization_id"], ra["spec"]["features"]))
    org_id = cl("organizations", MANAGEMENT).describe_organization()["Organization"]["Id"]
    c.equal("iam management: OrganizationId is the organisation's", features["OrganizationId"], org_id)
    for who in names:
        c.error(f"iam {who}: ListOrganizationsFeatures refused",
                lambda: cl("iam", who).list_organizations_features(),
                "AccountNotManagementOrDelegatedAdministratorException")
    c.error("iam prod-web: EnableOrganizationsRootSessions refused",
            lambda: cl("iam", "prod-web").enable_organizations_root_sessions(),
            "AccountNotManagementOrDelegatedAdministratorException")
    org = cl("organizations", MANAGEMENT)
    org.disable_aws_service_access(ServicePrincipal="iam.amazonaws.com")
    try:
        c.error("iam management: trusted access off -> ServiceAccessNotEnabledException",
                iam.list_organizations_features, "ServiceAccessNotEnabledException")
    finally:
        org.enable_aws_service_access(ServicePrincipal="iam.amazonaws.com")
    c.equal("iam management: features kept", iam.list_organizations_features()["EnabledFeatures"],
            ra["spec"]["features"])

    # --- Root users in credential reports and account summaries ----------------
    for who in [MANAGEMENT] + names:
        iam = cl("iam", who)
        iam.generate_credential_report()
        text = iam.get_credential_report()["Content"].decode()
        rows = list(csv.reader(io.StringIO(text)))
        want = ra["root_credentials"][who]
        where = f"iam {who}"
        c.equal(f"{where}: credential report header", rows[0], REPORT_HEADER)
        c.check(f"{where}: every row has the header's 22 cells", all(len(r) == 22 for r in rows), str(
            [len(r) for r in rows]))
        root = dict(zip(rows[0], rows[1])) if len(rows) > 1 else {}
        c.equal(f"{where}: root row first", (root.get("user"), root.get("arn")),
                ("<root_account>", f"arn:aws:iam::{ids[who]}:root"))
        c.equal(f"{where}: root row as AWS writes it",
                (root.get("password_enabled"), root.get("password_last_used"), root.get("password_last_changed"),
                 root.get("password_next_rotation"), root.get("mfa_active"), root.get("access_key_1_active"),
                 root.get("access_key_2_active"), root.get("cert_1_active"), root.get("access_key_1_last_rotated")),
                ("not_supported", "no_information" if want["password_enabled"] else "N/A", "not_supported",
                 "not_supported", "true" if want["mfa_active"] else "false", "false", "false", "false", "N/A"))
        c.check(f"{where}: root user_creation_time is a date",
                bool(REPORT_TIME.fullmatch(root.get("user_creation_time", ""))))
        c.equal(f"{where}: no other root row", sum(r[0] == "<root_account>" for r in rows), 1)
        summary = iam.get_account_summary()["SummaryMap"]
        c.equal(f"{where}: GetAccountSummary root flags",
                (summary["AccountMFAEnabled"], summary["AccountAccessKeysPresent"],
                 summary.get("AccountPasswordPresent")),
                (int(want["mfa_active"]), int(want["access_keys"] > 0), int(want["password_enabled"])))

    # --- Resource control policies ------------------------------------------------
    rcps = manifest["rcps"]
    root = org.list_roots()["Roots"][0]
    c.equal("organizations: root policy types",
            sorted((t["Type"], t["Status"]) for t in root["PolicyTypes"]),
            [("RESOURCE_CONTROL_POLICY", "ENABLED"), ("SERVICE_CONTROL_POLICY", "ENABLED")])
    listed = org.list_policies(Filter="RESOURCE_CONTROL_POLICY")["Policies"]
    want_ids = sorted([p["id"] for p in rcps["policies"].values()] + [rcps["aws_managed_policy_id"]])
    c.equal("organizations: ListPolicies(RESOURCE_CONTROL_POLICY)", sorted(p["Id"] for p in listed), want_ids)
    on_root = paged("organizations: ListPoliciesForTarget(root, RCP)", org.list_policies_for_target, "Policies",
                    want_ids, TargetId=root["Id"], Filter="RESOURCE_CONTROL_POLICY")
    c.equal("organizations: RCPs on the root", sorted(p["Id"] for p in on_root), want_ids)
    for name in names:
        got = org.list_policies_for_target(TargetId=ids[name], Filter="RESOURCE_CONTROL_POLICY")["Policies"]
        c.equal(f"organizations: RCPs on {name}", [p["Id"] for p in got], [rcps["aws_managed_policy_id"]])
    for name, p in rcps["policies"].items():
        described = org.describe_policy(PolicyId=p["id"])["Policy"]
        c.equal(f"organizations: DescribePolicy({name})",
                (described["PolicySummary"]["Type"], described["PolicySummary"]["AwsManaged"],
                 json.loads(described["Content"])),
                ("RESOURCE_CONTROL_POLICY", False, p["content"]))
        c.check(f"organizations: {name} denies principals outside {org_id}",
                p["content"]["Statement"][0]["Condition"]["StringNotEqualsIfExists"]["aws:PrincipalOrgID"] == org_id)
        c.equal(f"organizations: ListTargetsForPolicy({name})",
                [t["TargetId"] for t in org.list_targets_for_policy(PolicyId=p["id"])["Targets"]], p["targets"])
    scps = org.list_policies_for_target(TargetId=root["Id"], Filter="SERVICE_CONTROL_POLICY")["Policies"]
    c.equal("organizations: SCPs on the root unchanged", sorted(p["Name"] for p in scps),
            sorted(["FullAWSAccess"] + [n for n, s in manifest["spec"]["scps"].items() if "root" in s["targets"]]))
    c.error("organizations: a policy of a type not enabled cannot be attached",
            lambda: org.attach_policy(PolicyId=org.create_policy(
                Name="probe-tag-policy", Description="check_identity_center probe", Type="TAG_POLICY",
                Content=json.dumps({"tags": {}}))["Policy"]["PolicySummary"]["Id"], TargetId=root["Id"]),
            "PolicyTypeNotEnabledException")
    for p in org.list_policies(Filter="TAG_POLICY")["Policies"]:
        if p["Name"] == "probe-tag-policy":
            org.delete_policy(PolicyId=p["Id"])

    # --- Every sso-admin / identitystore answer against the model --------------
    problems = {}
    for w in wires:
        for op, found in w.problems.items():
            problems.setdefault(op, []).extend(found)
    seen = sorted({op for w in wires for op in w.counts})
    c.check(f"model: every JSON answer of {len(seen)} operations fits botocore's shapes", not problems,
            json.dumps({op: sorted(set(p))[:5] for op, p in problems.items()}, indent=1))

    print(f"{c.passed} checks passed, {c.failed} failed")
    sys.exit(1 if c.failed else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Compare orgaudit's IAM policy facts with Cloudsplaining's verdicts on tests/policy_corpus.

For every identity document of the corpus, Cloudsplaining's own analysis is run in-process
(cloudsplaining.command.scan_policy_file.scan_policy, the function behind
`cloudsplaining scan-policy-file`, plus cloudsplaining.scan.policy_document.PolicyDocument) and
turned into three verdicts: full admin, privilege escalation, service wildcards. For every trust
document, cloudsplaining.scan.assume_role_policy_document.AssumeRolePolicyDocument gives a
cross-account verdict. orgaudit's facts come from

    cargo run --quiet --example policy_facts -- tests/policy_corpus

(one JSON object per line: {"file": "identity/<name>.json", "kind": ..., "facts": {...}}), or from
--orgaudit-facts FILE with the same lines. Writes tests/bench/cloudsplaining-results.json
(Cloudsplaining's raw verdicts) and tests/bench/cloudsplaining-comparison.md.

Usage (from the repository root):
    .venv/bin/pip install -r tests/bench/requirements-oracle.txt
    .venv/bin/python tests/bench/compare_cloudsplaining.py
    .venv/bin/python tests/bench/compare_cloudsplaining.py --orgaudit-facts facts.jsonl
    .venv/bin/python tests/bench/compare_cloudsplaining.py --emit-expect-facts facts.jsonl   # corpus "expect" as facts lines

Exit status: 0 when every disagreement with Cloudsplaining has an up-to-date explanation below and
orgaudit matches every corpus expectation; 1 otherwise (the Markdown report is written either way).
"""
from __future__ import annotations

import argparse
import contextlib
import datetime
import io
import json
import logging
import platform
import shlex
import subprocess
import sys
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "policy_corpus"
RESULTS = REPO / "tests" / "bench" / "cloudsplaining-results.json"
REPORT = REPO / "tests" / "bench" / "cloudsplaining-comparison.md"
CARGO_CMD = ["cargo", "run", "--quiet", "--example", "policy_facts", "--", "tests/policy_corpus"]

# The self-escalation actions of orgaudit's admin_equivalent contract.
CONTRACT_ESCALATION_ACTIONS = [
    "iam:AttachUserPolicy", "iam:AttachGroupPolicy", "iam:AttachRolePolicy", "iam:PutUserPolicy",
    "iam:PutGroupPolicy", "iam:PutRolePolicy", "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion",
    "iam:AddUserToGroup", "iam:UpdateAssumeRolePolicy", "iam:CreateAccessKey", "iam:CreateLoginProfile",
    "iam:UpdateLoginProfile",
]

# ---------------------------------------------------------------------------------------------
# Explanations of every known disagreement, keyed by corpus file and verdict. Each records the
# (orgaudit, Cloudsplaining) values it was written for; if either side changes, the report marks
# the explanation stale so it is reviewed rather than silently reused.
#   verdicts: "full_admin", "admin_equivalent", "service_wildcards" (identity), "cross_account" (trust)
# ---------------------------------------------------------------------------------------------
R_CASE = ("IAM JSON policy elements: Action says action names are case-insensitive; Cloudsplaining expands "
          "wildcards through policy_sentry's database keyed by the lower-case service prefix, so `{p}` expands "
          "to nothing and the statement is silently ignored.")
R_COND_ALLOW = ("The contract ignores conditions on Allow statements (as CIS 1.16 does); Cloudsplaining by "
                "default skips every statement that has a Condition (flag_conditional_statements=False; "
                "`--flag-all-risky-actions` turns that off). Neither is wrong by AWS: the grant applies when "
                "the condition holds (IAM JSON policy elements: Condition), which is a policy choice.")
R_COND_DENY = ("Cloudsplaining's filter_deny_statements removes every action named by a Deny, ignoring the "
               "Deny's Condition. By Policy evaluation logic a conditional Deny only applies when its condition "
               "is true, so the Allow still grants these actions in other requests: orgaudit is right.")
R_DENY_RES = ("Cloudsplaining's filter_deny_statements ignores the Deny's Resource/NotResource, so a Deny scoped "
              "to {what} removes the action everywhere. By Policy evaluation logic the Deny only covers the "
              "resources it names, and the Allow on * still applies to every other resource: orgaudit is right.")
R_IAM_ARNS = ("Cloudsplaining only counts an escalation when the action is granted on Resource `*` (it looks for the "
              "literal); here the grant covers {what}, which includes every IAM user, group, role and policy of the "
              "account, so the holder can attach AdministratorAccess to itself or mint keys for an administrator "
              "(IAM JSON policy elements: Resource). orgaudit judges each escalation action on an IAM resource of its "
              "type with an arbitrary name in the policy's account: orgaudit is right.")
R_STAR_SW = ("Cloudsplaining's service_wildcard adds every known service prefix when a statement's Action is "
             "exactly `*` (and ignores Resource, NotResource and Deny statements); the contract lists only exact "
             "`svc:*` patterns on broad resources and never expands `*`. Different definitions, not an AWS "
             "disagreement.")
R_SW_RES = ("Cloudsplaining's service_wildcard is 'simple grepping' of Action: it ignores Resource, so `{p}` on "
            "{what} is reported. The contract requires broad resources, so orgaudit does not list it. By AWS "
            "the grant only covers the named resources (IAM JSON policy elements: Resource); orgaudit's reading "
            "is the more precise one.")
R_RES_LITERAL = ("Cloudsplaining treats only the literal Resource `*` as unrestricted (StatementDetail."
                 "_has_resource_wildcard); `{p}` is compared as an ARN and only actions that support no "
                 "resource-level permissions are kept. IAM JSON policy elements: Resource allows wildcards in "
                 "ARNs, and `{p}` matches every ARN, so orgaudit is right for every action with resource-level "
                 "permissions (all the IAM escalation actions). Caveat: for actions without resource-level "
                 "permissions AWS requires Resource `*`, so `{p}` may not grant those; CIS 1.16 itself only looks "
                 "for the literal `*`.")

EXPLAIN: dict[str, dict[str, tuple[object, object, str]]] = {
    # ---------------------------------------------------------------- identity
    "identity/admin-star-colon-star.json": {
        "full_admin": (True, False, "`*:*` matches every action (IAM JSON policy elements: Action). policy_sentry's "
                       "expand() looks up the service prefix `*`, finds no such service and keeps the literal "
                       "`*:*`, which matches nothing in its database: Cloudsplaining misses the grant. orgaudit is right."),
        "admin_equivalent": (True, False, "Follows from the missed full admin: Cloudsplaining expands `*:*` to no "
                             "action, so no escalation is found. orgaudit is right."),
        "service_wildcards": ([], ["*"], "Cloudsplaining's service_wildcard splits `*:*` at the colon and reports the "
                              "'service' `*` (it only recognises a bare `*` as everything). The contract treats `*:*` "
                              "as a full wildcard, not a service wildcard."),
    },
    "identity/admin-double-star.json": {
        "full_admin": (True, "error", "Cloudsplaining raises ValueError (`action.split(\":\")` needs a colon) "
                       "while building the PolicyDocument, so it gives no verdict. `**` matches every action by "
                       "the wildcard rules of IAM JSON policy elements: Action (IAM's own validator may reject "
                       "it at write time)."),
        "admin_equivalent": (True, "error", "Cloudsplaining crashed on `**` (see full_admin)."),
        "service_wildcards": ([], "error", "Cloudsplaining crashed on `**` (see full_admin)."),
    },
    "identity/admin-qmark-star-colon-star.json": {
        "full_admin": (True, False, "`?*:*` matches every action; policy_sentry only expands patterns with `*` "
                       "against a known service prefix, and `?*` is none, so Cloudsplaining sees one unknown "
                       "action. orgaudit is right by the wildcard rules (IAM JSON policy elements: Action)."),
        "admin_equivalent": (True, False, "Follows from the missed full admin (see full_admin)."),
        "service_wildcards": ([], ["?*"], "Cloudsplaining's service_wildcard splits `?*:*` at the colon and "
                              "reports the 'service' `?*`; there is no such service. orgaudit treats the pattern "
                              "as a full wildcard, which the contract excludes from service wildcards."),
    },
    "identity/admin-allow-conditional-mfa.json": {
        "full_admin": (True, False, R_COND_ALLOW),
        "admin_equivalent": (True, False, R_COND_ALLOW),
    },
    "identity/admin-conditional-deny-still-admin.json": {
        "full_admin": (True, False, R_COND_DENY),
        "admin_equivalent": (True, False, R_COND_DENY),
        "service_wildcards": ([], "ALL", R_STAR_SW),
    },
    "identity/admin-deny-some-resources-only.json": {
        "full_admin": (True, False, R_DENY_RES.format(what="arn:aws:s3:::payroll*")),
        "admin_equivalent": (True, False, R_DENY_RES.format(what="arn:aws:s3:::payroll*")),
        "service_wildcards": ([], "ALL", R_STAR_SW),
    },
    "identity/admin-deny-star-without-resource-star.json": {
        "full_admin": (True, False, R_DENY_RES.format(what="IAM users (arn:aws:iam::*:user/*)")),
        "admin_equivalent": (True, False, R_DENY_RES.format(what="IAM users (arn:aws:iam::*:user/*)") +
                             " The IAM actions on roles, groups and policies stay allowed."),
        "service_wildcards": ([], "ALL", R_STAR_SW),
    },
    "identity/admin-deny-notresource.json": {
        "full_admin": (True, False, "Here Cloudsplaining is closer to AWS than the contract. The unconditional "
                       "Deny * with NotResource one bucket denies every action on every other resource (IAM JSON "
                       "policy elements: NotResource), so the identity is effectively limited to that bucket. The "
                       "contract only cancels full_admin with a Deny whose Resource matches every resource, so "
                       "orgaudit reports full admin: the contract is too broad here. (Cloudsplaining gets it right "
                       "for the wrong reason: it ignores the Deny's NotResource altogether.)"),
        "admin_equivalent": (True, False, "As for full_admin: by AWS the NotResource Deny leaves only one bucket, "
                             "so no IAM escalation remains; the contract does not count NotResource Denies."),
        "service_wildcards": ([], "ALL", R_STAR_SW),
    },
    "identity/admin-deny-iam-service-only.json": {
        "full_admin": (True, False, "Cloudsplaining is closer to AWS: the unconditional Deny iam:* on * removes "
                       "every IAM action (Policy evaluation logic), so the identity cannot do everything. The "
                       "contract only cancels full_admin with a Deny that covers every action, so orgaudit reports "
                       "full admin (admin_equivalent follows from it). Contract too broad here."),
        "admin_equivalent": (True, False, "By the contract admin_equivalent follows from full_admin. By AWS no IAM "
                             "self-escalation is left (iam:* is denied); Cloudsplaining still reports 12 non-IAM "
                             "escalation paths (e.g. lambda:UpdateFunctionCode, glue:UpdateDevEndpoint), which are "
                             "real, so the identity is dangerous either way."),
        "service_wildcards": ([], "ALL", R_STAR_SW),
    },
    "identity/admin-cancelled-by-unconditional-deny.json": {
        "service_wildcards": ([], "ALL", R_STAR_SW + " Here Cloudsplaining lists every service although an "
                              "unconditional Deny * on * cancels the whole policy (Policy evaluation logic)."),
    },
    "identity/admin-action-list-with-service-wildcard.json": {
        "service_wildcards": (["s3"], "ALL", R_STAR_SW),
    },
    "identity/admin-deny-notaction-leaves-reads.json": {
        "service_wildcards": ([], "ALL", R_STAR_SW),
    },
    "identity/admin-resource-list-contains-star.json": {
        "service_wildcards": ([], "ALL", R_STAR_SW),
    },
    "identity/admin-single-statement-object.json": {
        "service_wildcards": ([], "ALL", R_STAR_SW),
    },
    "identity/aws-managed-administratoraccess.json": {
        "service_wildcards": ([], "ALL", R_STAR_SW),
    },
    "identity/admin-resource-arn-star.json": {
        "full_admin": (True, False, R_RES_LITERAL.format(p="arn:*")),
        "admin_equivalent": (True, False, R_RES_LITERAL.format(p="arn:*")),
        "service_wildcards": ([], "ALL", R_STAR_SW),
    },
    "identity/admin-resource-six-field-wildcards.json": {
        "full_admin": (True, False, R_RES_LITERAL.format(p="arn:aws:*:*:*:*")),
        "admin_equivalent": (True, False, R_RES_LITERAL.format(p="arn:aws:*:*:*:*")),
        "service_wildcards": ([], "ALL", R_STAR_SW),
    },
    "identity/allow-star-notresource.json": {
        "admin_equivalent": (True, False, "Cloudsplaining does not support NotResource (StatementDetail keeps it "
                             "'for the assessor to triage'); with no Resource `*` it keeps only the actions that "
                             "have no resource-level permissions. By IAM JSON policy elements: NotResource, Allow * "
                             "with NotResource grants every action on every resource but one role, including every "
                             "IAM escalation: orgaudit is right."),
        "service_wildcards": ([], "ALL", R_STAR_SW),
    },
    "identity/not-admin-resource-account-scoped.json": {
        "admin_equivalent": (True, False, R_IAM_ARNS.format(what="every ARN of account 111122223333")),
        "service_wildcards": ([], "ALL", R_STAR_SW),
    },
    "identity/not-admin-resource-all-s3.json": {
        "service_wildcards": ([], "ALL", R_STAR_SW),
    },
    "identity/not-admin-resource-uppercase-arn.json": {
        "service_wildcards": ([], "ALL", R_STAR_SW),
    },
    "identity/not-admin-split-across-statements.json": {
        "service_wildcards": (["s3"], "ALL", R_STAR_SW),
    },
    "identity/notaction-allow-arn-aws-star.json": {
        "admin_equivalent": (True, "error", "Cloudsplaining raises an exception (policy_sentry: \"The provided ARN "
                             "'arn:aws:*' is invalid\") while computing NotAction's effective actions for a "
                             "non-`*` Resource, so it gives no verdict. `arn:aws:*` matches every ARN (IAM JSON "
                             "policy elements: Resource)."),
        "full_admin": (False, "error", "Cloudsplaining crashed (see admin_equivalent)."),
        "service_wildcards": ([], "error", "Cloudsplaining crashed (see admin_equivalent)."),
    },
    "identity/notaction-allow-notresource.json": {
        "admin_equivalent": (True, False, "Cloudsplaining computes NotAction's effective actions from the "
                             "statement's Resource list, which is empty when NotResource is used, so it finds "
                             "nothing. By IAM JSON policy elements: NotAction / NotResource this statement allows "
                             "every action but s3:DeleteBucket on every resource but the audit bucket: orgaudit is right."),
    },
    "identity/notaction-allow-conditional.json": {
        "admin_equivalent": (True, False, R_COND_ALLOW),
    },
    "identity/deny-all-conditional-does-not-cancel-notaction.json": {
        "admin_equivalent": (True, False, R_COND_DENY),
    },
    "identity/aws-managed-poweruseraccess.json": {
        "admin_equivalent": (True, False, "Both tools flag PowerUserAccess, differently: the contract counts every "
                             "Allow NotAction on broad resources as admin-equivalent; Cloudsplaining finds no IAM "
                             "self-escalation (iam:* is excluded) but reports 12 non-IAM escalation paths (e.g. "
                             "lambda:UpdateFunctionCode, glue:UpdateDevEndpoint, cloudformation change sets). "
                             "Only the contract-action verdict differs; see the 'any escalation' column."),
    },
    "identity/deny-case-variant-cancels-escalation.json": {
        "admin_equivalent": (False, True, "Cloudsplaining subtracts denied actions by exact string, so the Deny "
                             "`IAM:createaccesskey` does not remove iam:CreateAccessKey. Action names are "
                             "case-insensitive (IAM JSON policy elements: Action) and an explicit deny wins (Policy "
                             "evaluation logic): orgaudit is right."),
    },
    "identity/iam-escalation-conditional-allow.json": {
        "admin_equivalent": (True, False, R_COND_ALLOW),
    },
    "identity/iam-escalation-deny-conditional.json": {
        "admin_equivalent": (True, False, R_COND_DENY + " Here: callers with MFA may still attach policies."),
    },
    "identity/iam-escalation-deny-notresource.json": {
        "admin_equivalent": (True, False, "Cloudsplaining's filter_deny_statements ignores the Deny's NotResource, so "
                             "it treats iam:AttachRolePolicy as denied everywhere. By IAM JSON policy elements: "
                             "NotResource the Deny exempts sandbox-* roles, so attaching any policy to a sandbox-* role "
                             "stays allowed; that is an escalation for anyone who can assume such a role. The contract "
                             "only lets a Deny whose Resource matches every resource cancel, so orgaudit flags it: "
                             "conservative, and right whenever sandbox roles are assumable."),
    },
    "identity/iam-escalation-deny-resource-scoped.json": {
        "admin_equivalent": (True, False, R_DENY_RES.format(what="admin-* users")),
    },
    "identity/iam-qmark-put-policy.json": {
        "admin_equivalent": (True, False, "policy_sentry only expands patterns containing `*`; `iam:Put????Policy` "
                             "is kept as a literal action name and matches nothing. IAM JSON policy elements: Action "
                             "supports `?` (one character), so it matches iam:PutUserPolicy and iam:PutRolePolicy: "
                             "orgaudit is right."),
    },
    "identity/iam-star-uppercase-prefix.json": {
        "admin_equivalent": (True, False, R_CASE.format(p="IAM:*")),
    },
    "identity/iam-star-on-all-iam-arns.json": {
        "admin_equivalent": (True, False, R_IAM_ARNS.format(what="arn:aws:iam::*:*")),
        "service_wildcards": ([], ["iam"], "Cloudsplaining's service_wildcard ignores Resource and reports iam:*; the "
                              "contract requires broad resources and arn:aws:iam::*:* fails its probe-ARN test. Here "
                              "Cloudsplaining's answer is the more useful one: arn:aws:iam::*:* is every IAM resource, "
                              "so iam:* on it is a service-wide grant in practice (only the few IAM actions that "
                              "require Resource `*` are left out). orgaudit does report the IAM escalation it grants "
                              "(admin_equivalent)."),
    },
    "identity/service-wildcard-resource-restricted.json": {
        "service_wildcards": ([], ["s3"], R_SW_RES.format(p="s3:*", what="one bucket")),
    },
    "identity/service-wildcard-conditional.json": {
        "service_wildcards": (["ec2"], [], R_COND_ALLOW),
    },
    "identity/ec2-full-mfa-for-stop-terminate.json": {},
    "identity/passrole-runinstances.json": {},
    "identity/lambda-update-function-code.json": {},
}

# Disagreements on "any escalation" (Cloudsplaining methods outside the 13 contract actions) are
# informational; they are listed with this explanation.
ANY_ESCALATION_EXPLAIN = {
    "identity/passrole-runinstances.json": "iam:PassRole + ec2:RunInstances launches an instance with any role "
        "(Rhino Security Labs: CreateEC2WithExistingIP). Real escalation; orgaudit's contract does not model PassRole.",
    "identity/lambda-update-function-code.json": "lambda:UpdateFunctionCode runs code as any function's role "
        "(Rhino: EditExistingLambdaFunctionWithRole). Real escalation, not in the contract.",
    "identity/ec2-full-mfa-for-stop-terminate.json": "ec2:* includes CreateLaunchTemplateVersion + "
        "ModifyLaunchTemplate (pathfinding.cloud: modify an existing launch template to run code as its instance "
        "role). Real escalation path, not in the contract.",
    "identity/service-wildcards-case-variants.json": "ec2:* gives the launch-template and instance user-data "
        "paths. Cloudsplaining also ignores `Lambda:*` and `S3:*` because of their case (it would otherwise report "
        "lambda:UpdateFunctionCode).",
    "identity/admin-deny-iam-service-only.json": "Non-IAM paths (Lambda, Glue, CloudFormation, SageMaker, ...) "
        "remain after the iam:* Deny.",
    "identity/aws-managed-poweruseraccess.json": "Non-IAM paths (Lambda, Glue, CloudFormation, SageMaker, ...) "
        "are inside PowerUserAccess.",
}

CROSS_EXPLAIN: dict[str, tuple[object, object, str]] = {
    "trust/action-assume-wildcard.json": (True, False, "Cloudsplaining only looks for the exact action "
        "`sts:AssumeRole` in the Action list; `sts:Assume*` covers it by the wildcard rules of IAM JSON policy "
        "elements: Action. orgaudit is right."),
    "trust/action-star.json": (True, False, "Cloudsplaining only looks for the exact action `sts:AssumeRole`; "
        "Action `*` covers it (IAM JSON policy elements: Action). orgaudit is right."),
    "trust/federated-cognito.json": (True, False, "Cloudsplaining only inspects sts:AssumeRole and account ARNs; "
        "this role is assumed with sts:AssumeRoleWithWebIdentity by any Cognito identity (the contract counts a "
        "non-ARN Federated principal as \"*\"). Whether that is 'cross-account' is a definition: AWS limits it to "
        "tokens for the identity pool in the aud condition, which the contract treats as unknown."),
    "trust/federated-google.json": (True, False, "As for Cognito: Cloudsplaining ignores "
        "sts:AssumeRoleWithWebIdentity and Federated principals; any Google-authenticated caller whose token "
        "carries the aud value can assume the role."),
    "trust/notprincipal-allow.json": (True, False, "Cloudsplaining ignores NotPrincipal (it only logs it). The "
        "contract counts an Allow with NotPrincipal as \"*\"; AWS does not accept NotPrincipal in a trust policy "
        "(AWS JSON policy elements: NotPrincipal), so this only arises with malformed or legacy input."),
    "trust/substring-trap-session-name.json": (True, False, "Cloudsplaining's get_account_id_from_principal only "
        "parses `arn:aws:iam::` ARNs, so the STS assumed-role session ARN arn:aws:sts::444455556666:... is not "
        "recognised. Role session principals are valid (AWS JSON policy elements: Principal, role session "
        "principals) and belong to account 444455556666: orgaudit is right."),
}

# ---------------------------------------------------------------------------------------------


def load_corpus() -> list[tuple[str, dict]]:
    out = []
    for path in sorted(CORPUS.glob("*/*.json")):
        out.append((f"{path.parent.name}/{path.name}", json.loads(path.read_text(encoding="utf-8"))))
    return out


def facts_lines_from_expect(corpus) -> list[str]:
    return [json.dumps({"file": rel, "kind": d["kind"], "facts": d["expect"]}) for rel, d in corpus]


def read_orgaudit_facts(args) -> tuple[dict[str, dict], str]:
    if args.orgaudit_facts:
        text = Path(args.orgaudit_facts).read_text(encoding="utf-8")
        source = f"file `{args.orgaudit_facts}`"
    else:
        proc = subprocess.run(CARGO_CMD, cwd=REPO, capture_output=True, text=True)
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr)
            sys.exit(f"`{shlex.join(CARGO_CMD)}` failed with exit code {proc.returncode}; "
                     "pass --orgaudit-facts FILE to compare saved facts instead")
        text = proc.stdout
        source = f"`{shlex.join(CARGO_CMD)}`"
    facts = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            facts[obj["file"]] = obj["facts"]
        except (ValueError, KeyError) as e:
            sys.exit(f"orgaudit facts line {n} is not a {{file, kind, facts}} JSON object: {e}: {line[:200]}")
    return facts, source


def cloudsplaining_identity(doc: dict) -> dict:
    """Cloudsplaining's verdicts for one identity policy document."""
    from cloudsplaining.command.scan_policy_file import scan_policy
    from cloudsplaining.scan.policy_document import PolicyDocument
    from cloudsplaining.shared.constants import DEFAULT_EXCLUSIONS_CONFIG, PRIVILEGE_ESCALATION_METHODS
    from policy_sentry.querying.all import get_all_actions, get_all_service_prefixes

    contract = {a.lower() for a in CONTRACT_ESCALATION_ACTIONS}
    contract_methods = {m for m, acts in PRIVILEGE_ESCALATION_METHODS.items() if set(acts) <= contract}
    all_actions = {a.lower() for a in get_all_actions()}
    n_prefixes = len(get_all_service_prefixes())

    def full_admin(pd) -> bool:
        granted = {a.lower() for a in pd.all_allowed_unrestricted_actions}
        granted |= {a.lower() for a in pd.all_allowed_unrestrictable_actions}
        return all_actions <= granted

    out: dict = {"error": None}
    try:
        # Cloudsplaining prints NOTE lines for NotAction statements; keep stdout clean.
        with contextlib.redirect_stdout(io.StringIO()):
            results = scan_policy(doc, DEFAULT_EXCLUSIONS_CONFIG)
            pd = PolicyDocument(doc)
            pd_cond = PolicyDocument(doc, flag_conditional_statements=True)
            out["full_admin"] = full_admin(pd)
            out["unrestricted_action_count"] = len(set(pd.all_allowed_unrestricted_actions) | set(pd.all_allowed_unrestrictable_actions))
            pe = [f["type"] for f in results["PrivilegeEscalation"]["findings"]]
            out["privilege_escalation"] = pe
            out["privilege_escalation_contract"] = [m for m in pe if m in contract_methods]
            sw = results["ServiceWildcard"]["findings"]
            out["service_wildcard_raw_count"] = len(sw)
            out["service_wildcard_all"] = len(sw) >= n_prefixes
            out["service_wildcard"] = "ALL" if out["service_wildcard_all"] else sorted(sw)
            out["resource_exposure_count"] = len(results["ResourceExposure"]["findings"])
            out["infrastructure_modification_count"] = len(results["InfrastructureModification"]["findings"])
            # The same analysis with conditional statements included (the contract ignores conditions).
            pe_c = [e["type"] for e in pd_cond.allows_privilege_escalation]
            out["with_conditions"] = {
                "full_admin": full_admin(pd_cond),
                "privilege_escalation_contract": [m for m in pe_c if m in contract_methods],
            }
    except Exception as e:  # Cloudsplaining's own failures are part of the comparison
        out = {"error": f"{type(e).__name__}: {e}"}
    return out


def cloudsplaining_trust(doc: dict, account: str) -> dict:
    from cloudsplaining.scan.assume_role_policy_document import AssumeRolePolicyDocument

    try:
        a = AssumeRolePolicyDocument(doc, current_account_id=account)
        x = a.role_assumable_by_cross_account_principals
        y = a.role_assumable_by_any_principal
        z = a.role_assumable_by_any_principal_with_conditions
        return {"error": None, "cross_account_principals": x, "any_principal": y,
                "any_principal_with_conditions": z, "compute_services": a.role_assumable_by_compute_services,
                "cross_account": bool(x or y or z)}
    except Exception as e:
        return {"error": f"{type(e).__name__}: {e}"}


def cs_verdicts(cs: dict) -> dict:
    if cs.get("error"):
        return {"full_admin": "error", "admin_equivalent": "error", "service_wildcards": "error", "any_escalation": "error"}
    sw = cs["service_wildcard"]
    return {
        "full_admin": cs["full_admin"],
        "admin_equivalent": cs["full_admin"] or bool(cs["privilege_escalation_contract"]),
        "service_wildcards": sw if sw == "ALL" else sorted({s.lower() for s in sw}),
        "any_escalation": cs["full_admin"] or bool(cs["privilege_escalation"]),
    }


def fmt(v) -> str:
    if v is True:
        return "yes"
    if v is False:
        return "no"
    if v is None:
        return "—"
    if isinstance(v, list):
        return ", ".join(v) if v else "[]"
    return str(v)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--orgaudit-facts", metavar="FILE", help="JSON lines {file, kind, facts} instead of running cargo")
    ap.add_argument("--emit-expect-facts", metavar="FILE", help="write the corpus expectations as facts lines and exit")
    ap.add_argument("--results", default=str(RESULTS), help="where to write Cloudsplaining's raw verdicts")
    ap.add_argument("--report", default=str(REPORT), help="where to write the Markdown comparison")
    args = ap.parse_args()
    logging.disable(logging.CRITICAL)  # Cloudsplaining logs NotResource/NotPrincipal warnings per statement

    corpus = load_corpus()
    if args.emit_expect_facts:
        Path(args.emit_expect_facts).write_text("\n".join(facts_lines_from_expect(corpus)) + "\n", encoding="utf-8")
        return 0
    orgaudit, facts_source = read_orgaudit_facts(args)

    raw: dict[str, dict] = {}
    for rel, d in corpus:
        if d["kind"] == "identity":
            raw[rel] = {"kind": "identity", **cloudsplaining_identity(d["document"])}
        elif d["kind"] == "trust":
            raw[rel] = {"kind": "trust", **cloudsplaining_trust(d["document"], d["account"])}
    versions = {"cloudsplaining": metadata.version("cloudsplaining"), "policy_sentry": metadata.version("policy_sentry"),
                "python": platform.python_version()}
    Path(args.results).write_text(json.dumps({"versions": versions, "results": raw}, indent=2, sort_keys=True) + "\n",
                                  encoding="utf-8")

    problems: list[str] = []
    # --- orgaudit against the corpus expectations
    expect_mismatch = []
    kinds_with_facts = {rel.split("/", 1)[0] for rel in orgaudit}
    skipped_kinds = sorted({d["kind"] for _, d in corpus} - kinds_with_facts)
    corpus = [(rel, d) for rel, d in corpus if d["kind"] in kinds_with_facts]
    for rel, d in corpus:
        got = orgaudit.get(rel)
        if got is None:
            expect_mismatch.append((rel, "missing from orgaudit output", d["expect"], None))
        elif got != d["expect"]:
            expect_mismatch.append((rel, "differs", d["expect"], got))
    problems += [f"orgaudit vs expect: {m[0]} {m[1]}" for m in expect_mismatch]

    # --- identity comparison
    id_rows, id_dis, counts = [], [], {}
    any_esc = []
    for rel, d in corpus:
        if d["kind"] != "identity":
            continue
        o = orgaudit.get(rel) or {}
        c = cs_verdicts(raw[rel])
        row = {"file": rel, "o": o, "c": c, "cs": raw[rel], "verdicts": {}}
        for field in ("full_admin", "admin_equivalent", "service_wildcards"):
            ov, cv = o.get(field), c[field]
            # "ALL" (Cloudsplaining's expansion of Action "*") never equals a list: a difference of definition
            status = "agree" if ov == cv else "differ"
            if status == "differ":
                exp = EXPLAIN.get(rel, {}).get(field)
                if exp is None:
                    note = "UNEXPLAINED: review this disagreement"
                    problems.append(f"unexplained {field} disagreement: {rel} orgaudit={ov} cloudsplaining={cv}")
                elif (exp[0], exp[1]) != (ov, cv):
                    note = (f"STALE explanation (written for orgaudit={fmt(exp[0])}, Cloudsplaining={fmt(exp[1])}): "
                            + exp[2])
                    problems.append(f"stale explanation: {rel} {field}")
                else:
                    note = exp[2]
                id_dis.append((rel, field, ov, cv, note))
            row["verdicts"][field] = status
            counts.setdefault(field, {"agree": 0, "differ": 0})[status] += 1
        if c["any_escalation"] not in ("error", False) and not c["admin_equivalent"]:
            any_esc.append((rel, o.get("admin_equivalent"), raw[rel]["privilege_escalation"], ANY_ESCALATION_EXPLAIN.get(rel, "")))
            if rel not in ANY_ESCALATION_EXPLAIN:
                problems.append(f"unexplained non-contract escalation: {rel}")
        id_rows.append(row)

    # --- trust comparison
    tr_rows, tr_dis = [], []
    tcount = {"agree": 0, "differ": 0}
    for rel, d in corpus:
        if d["kind"] != "trust":
            continue
        o = orgaudit.get(rel) or {}
        cs = raw[rel]
        cv = "error" if cs.get("error") else cs["cross_account"]
        ov = o.get("cross_account")
        status = "agree" if ov == cv else "differ"
        tcount[status] += 1
        if status == "differ":
            exp = CROSS_EXPLAIN.get(rel)
            if exp is None:
                note = "UNEXPLAINED: review this disagreement"
                problems.append(f"unexplained cross_account disagreement: {rel}")
            elif (exp[0], exp[1]) != (ov, cv):
                note = f"STALE explanation (written for orgaudit={fmt(exp[0])}, Cloudsplaining={fmt(exp[1])}): " + exp[2]
                problems.append(f"stale explanation: {rel} cross_account")
            else:
                note = exp[2]
            tr_dis.append((rel, ov, cv, note))
        tr_rows.append((rel, o, cs, status))

    write_report(args, versions, facts_source, corpus, id_rows, id_dis, counts, any_esc, tr_rows, tr_dis, tcount,
                 expect_mismatch, skipped_kinds)
    for p in problems:
        print("PROBLEM:", p, file=sys.stderr)
    n_id = len(id_rows)
    print(f"identity documents: {n_id}; " + "; ".join(f"{k}: {v['agree']} agree / {v['differ']} differ" for k, v in counts.items()))
    print(f"trust documents: {len(tr_rows)}; cross_account: {tcount['agree']} agree / {tcount['differ']} differ")
    print(f"wrote {args.results} and {args.report}")
    return 1 if problems else 0


def write_report(args, versions, facts_source, corpus, id_rows, id_dis, counts, any_esc, tr_rows, tr_dis, tcount,
                 expect_mismatch, skipped_kinds) -> None:
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    L: list[str] = []
    w = L.append
    n_id = len(id_rows)
    w("# orgaudit vs Cloudsplaining on the IAM policy corpus\n")
    w("Generated by `tests/bench/compare_cloudsplaining.py` — edit the script (its EXPLAIN tables), not this file.\n")
    w(f"- Run: {now}. Corpus: `tests/policy_corpus` ({sum(1 for _, d in corpus if d['kind']=='identity')} identity, "
      f"{sum(1 for _, d in corpus if d['kind']=='trust')} trust, {sum(1 for _, d in corpus if d['kind']=='scp')} scp documents; "
      "Cloudsplaining has no SCP analysis, so SCPs are not compared).")
    w(f"- Cloudsplaining **{versions['cloudsplaining']}** (policy_sentry {versions['policy_sentry']}, Python {versions['python']}), "
      "pinned in `tests/bench/requirements-oracle.txt`.")
    same = "" if expect_mismatch else " These facts are identical to the corpus `expect` values for every document."
    w(f"- orgaudit facts from: {facts_source}.{same}")
    if skipped_kinds:
        w(f"- orgaudit printed no facts for: {', '.join(skipped_kinds)}; those documents are left out of this run.")
    w("")
    w("## Commands\n")
    w("```sh")
    w("cd /work/main   # repository root")
    w(".venv/bin/pip install -r tests/bench/requirements-oracle.txt")
    w(".venv/bin/python tests/bench/compare_cloudsplaining.py            # runs: " + shlex.join(CARGO_CMD))
    w("# or, with facts saved earlier (same JSON lines):")
    w(".venv/bin/python tests/bench/compare_cloudsplaining.py --orgaudit-facts facts.jsonl")
    w("# the corpus expectations written as facts lines (to compare the contract itself with Cloudsplaining):")
    w(".venv/bin/python tests/bench/compare_cloudsplaining.py --emit-expect-facts /tmp/expect-facts.jsonl")
    w("```\n")
    w("Outputs: `tests/bench/cloudsplaining-results.json` (Cloudsplaining's raw verdicts per file) and this report. "
      "Exit status 1 when a disagreement has no current explanation or orgaudit differs from a corpus expectation.\n")
    w("## How Cloudsplaining's verdicts are derived\n")
    w("Everything comes from Cloudsplaining's own code, called in-process with its default exclusions:")
    w("- `cloudsplaining.command.scan_policy_file.scan_policy(document, DEFAULT_EXCLUSIONS_CONFIG)` — the function behind "
      "`cloudsplaining scan-policy-file` — gives the `PrivilegeEscalation` and `ServiceWildcard` findings.")
    w("- `cloudsplaining.scan.policy_document.PolicyDocument(document)`: **full admin** = the union of "
      "`all_allowed_unrestricted_actions` and `all_allowed_unrestrictable_actions` contains every action in policy_sentry's "
      "database (Cloudsplaining has no 'admin' flag of its own; this is 'every action allowed without resource constraints').")
    w("- **admin-equivalent** (compared with orgaudit's `admin_equivalent`) = full admin, or a `PrivilegeEscalation` finding "
      "whose method uses only the contract's 13 IAM actions (CreateAccessKey, CreateLoginProfile, UpdateLoginProfile, "
      "AddUserToGroup, CreateNewPolicyVersion, SetExistingDefaultPolicyVersion, Attach{User,Group,Role}Policy, "
      "Put{User,Group,Role}Policy, UpdateRolePolicyToAssumeIt). **any escalation** = full admin or any finding at all "
      "(Cloudsplaining also knows PassRole, Lambda, Glue, EC2, CloudFormation, SageMaker... paths); reported, not scored.")
    w("- **service wildcards** = `ServiceWildcard` findings, lower-cased; `ALL` when Cloudsplaining lists every service "
      "prefix (it does so for any Allow with Action `*`). `ALL` is always counted as a difference of definition.")
    w("- `with_conditions` in the JSON: the same full-admin / contract-escalation verdicts with "
      "`PolicyDocument(document, flag_conditional_statements=True)`, i.e. with conditional statements included as the "
      "contract does.")
    w("- Trust documents: `cloudsplaining.scan.assume_role_policy_document.AssumeRolePolicyDocument(document, "
      "current_account_id=account)`; **cross-account** = any of `role_assumable_by_cross_account_principals`, "
      "`role_assumable_by_any_principal`, `role_assumable_by_any_principal_with_conditions`. Cloudsplaining has no "
      "notion of MFA or external-id protection, so only `cross_account` is compared.\n")

    w("## Agreement\n")
    w("| verdict | documents | agree | differ |")
    w("|---|---|---|---|")
    for field, c in counts.items():
        w(f"| identity `{field}` | {n_id} | {c['agree']} | {c['differ']} |")
    w(f"| trust `cross_account` | {len(tr_rows)} | {tcount['agree']} | {tcount['differ']} |")
    wc_full = wc_adm = 0
    for r in id_rows:
        cs = r["cs"]
        if cs.get("error"):
            continue
        wc = cs["with_conditions"]
        wc_full += wc["full_admin"] == r["o"].get("full_admin")
        wc_adm += (wc["full_admin"] or bool(wc["privilege_escalation_contract"])) == r["o"].get("admin_equivalent")
    w("")
    w(f"With Cloudsplaining told to include conditional statements (`flag_conditional_statements=True`, as the contract "
      f"ignores conditions), `full_admin` agrees on {wc_full} and `admin_equivalent` on {wc_adm} of the "
      f"{sum(1 for r in id_rows if not r['cs'].get('error'))} documents it could analyse.")
    errs = [r["file"] for r in id_rows if r["cs"].get("error")] + [r[0] for r in tr_rows if r[2].get("error")]
    w("")
    w(f"Cloudsplaining raised an exception on {len(errs)} document(s): " + (", ".join(f"`{e}`" for e in errs) or "none") + ".")
    sw_all = sum(1 for r in id_rows if r["c"]["service_wildcards"] == "ALL")
    w(f"{sw_all} of the service-wildcard differences are Cloudsplaining's `ALL` expansion of Action `*`.\n")

    w("## Identity documents\n")
    w("o = orgaudit, c = Cloudsplaining. ✗ marks a difference (explained below).\n")
    w("| file | o admin | c admin | o admin-eq | c admin-eq | c any escalation | o service wildcards | c service wildcards |")
    w("|---|---|---|---|---|---|---|---|")
    for r in id_rows:
        o, c, v = r["o"], r["c"], r["verdicts"]
        mark = lambda f: "" if v[f] == "agree" else " ✗"
        w(f"| `{r['file'][len('identity/'):]}` | {fmt(o.get('full_admin'))} | {fmt(c['full_admin'])}{mark('full_admin')} | "
          f"{fmt(o.get('admin_equivalent'))} | {fmt(c['admin_equivalent'])}{mark('admin_equivalent')} | {fmt(c['any_escalation'])} | "
          f"{fmt(o.get('service_wildcards'))} | {fmt(c['service_wildcards'])}{mark('service_wildcards')} |")
    w("")
    w("## Every identity disagreement, explained\n")
    by_file: dict[str, list] = {}
    for rel, field, ov, cv, note in id_dis:
        by_file.setdefault(rel, []).append((field, ov, cv, note))
    for rel, items in by_file.items():
        w(f"### `{rel}`\n")
        for field, ov, cv, note in items:
            w(f"- **{field}**: orgaudit {fmt(ov)}, Cloudsplaining {fmt(cv)}. {note}")
        w("")
    w("## Escalations Cloudsplaining finds outside the contract (not scored)\n")
    w("Documents where Cloudsplaining reports escalation methods but none that uses only the contract's 13 IAM "
      "actions. These are real AWS escalation paths that orgaudit's contract does not model (orgaudit may still flag "
      "the document for another reason, e.g. an Allow NotAction).\n")
    w("| file | orgaudit admin-eq | Cloudsplaining methods | why |")
    w("|---|---|---|---|")
    for rel, oadm, methods, why in any_esc:
        ms = ", ".join(methods[:6]) + (f" (+{len(methods) - 6} more)" if len(methods) > 6 else "")
        w(f"| `{rel}` | {fmt(oadm)} | {ms} | {why or 'UNEXPLAINED'} |")
    w("")
    w("## Trust documents (cross-account only)\n")
    w("| file | o trusted accounts | o cross-account | o unprotected | c cross-account | c principals flagged |")
    w("|---|---|---|---|---|---|")
    for rel, o, cs, status in tr_rows:
        flagged = "error" if cs.get("error") else ", ".join(
            cs["cross_account_principals"] + cs["any_principal"] + [p + " (with conditions)" for p in cs["any_principal_with_conditions"]]) or "—"
        cv = "error" if cs.get("error") else fmt(cs["cross_account"])
        w(f"| `{rel[len('trust/'):]}` | {fmt(o.get('trusted_accounts'))} | {fmt(o.get('cross_account'))} | "
          f"{fmt(o.get('unprotected'))} | {cv}{'' if status == 'agree' else ' ✗'} | {flagged} |")
    w("")
    w("### Every trust disagreement, explained\n")
    for rel, ov, cv, note in tr_dis:
        w(f"- `{rel}`: orgaudit {fmt(ov)}, Cloudsplaining {fmt(cv)}. {note}")
    w("")
    w("## Agreements that are wrong by AWS\n")
    w("Agreement is not correctness. On these documents both tools give the same answer and AWS's evaluation gives another:\n")
    for line in SHARED_WRONG:
        w(f"- {line}")
    w("")
    w("## Where orgaudit (its contract) is wrong or narrower by AWS's rules\n")
    for line in NARROWER:
        w(f"- {line}")
    w("")
    w("## orgaudit against the corpus expectations\n")
    if not expect_mismatch:
        w(f"orgaudit's facts equal the corpus `expect` values for all {len(corpus)} documents.")
    else:
        w(f"{len(expect_mismatch)} document(s) where orgaudit's facts differ from the corpus expectation "
          "(an orgaudit bug or a corpus error: triage each):\n")
        w("| file | problem | expected | orgaudit |")
        w("|---|---|---|---|")
        for rel, what, exp, got in expect_mismatch:
            w(f"| `{rel}` | {what} | `{json.dumps(exp, sort_keys=True)}` | `{json.dumps(got, sort_keys=True) if got is not None else '—'}` |")
    w("")
    Path(args.report).write_text("\n".join(L), encoding="utf-8")


SHARED_WRONG = [
    "`admin-deny-notaction-leaves-reads`: both say full admin. The unconditional Deny NotAction [iam:Get*, iam:List*] "
    "denies every other action (IAM JSON policy elements: NotAction), so the identity can only read IAM. The contract "
    "ignores NotAction Denies for full_admin; Cloudsplaining ignores NotAction in Deny statements altogether.",
    "`sts-assumerole-any-role`: both say nothing; sts:AssumeRole on * is an escalation whenever some admin role trusts "
    "the account root (role chaining), which neither models.",
]

NARROWER = [
    "**Denies that do not cover every action or resource are ignored for `full_admin`.** `admin-deny-iam-service-only` "
    "(Deny iam:*), `admin-deny-notaction-leaves-reads` (Deny NotAction) and `admin-deny-notresource` (Deny NotResource) "
    "are reported as full admin although Policy evaluation logic removes most or all of the grant. Cloudsplaining is "
    "closer to AWS on the first and third (and also misses the NotAction Deny).",
    "**Escalation without the 13 IAM actions is not modelled**: iam:PassRole with a compute service "
    "(`passrole-runinstances`), lambda:UpdateFunctionCode, EC2 launch templates, Glue, CloudFormation, SageMaker... "
    "Cloudsplaining reports these (table above). `sts-assumerole-any-role` (role chaining) is missed by both.",
    "**Escalation actions are judged on an IAM resource of their type with an arbitrary name**: a grant limited to "
    "named users or roles (`arn:aws:iam::*:role/app-*`) is not reported, although the holder may escalate through "
    "exactly those if it can use them (a role it can assume, its own user).",
    "**Conditions are ignored on Allow statements** by design (CIS 1.16); a policy that only grants admin from a "
    "corporate IP range or with MFA is still reported. That is a deliberate over-approximation, not an AWS error.",
    "**`arn:*`-style resources and actions without resource-level permissions**: the contract treats `arn:*` and "
    "`arn:aws:*:*:*:*` as every resource. For actions that support no resource-level permissions AWS requires "
    "Resource `*` (IAM JSON policy elements: Resource), so such a statement may not grant those actions; it does grant "
    "every IAM escalation action, so `admin_equivalent` is right, but `full_admin` on `arn:*` is stronger than CIS "
    "1.16, which only looks for the literal `*`.",
    "Trust policies (not scored against Cloudsplaining, which has no MFA/external-id notion): aws:PrincipalOrgID, "
    "SAML/OIDC audience and subject conditions are 'unknown' in the contract, so `principal-aws-star-with-org-id` and "
    "`federated-cognito` are reported unprotected although AWS limits who can assume them, and "
    "`federated-oidc-github-own-account` is not cross-account although its `repo:example-org/*` subject lets every "
    "repository of that GitHub organisation in. `notprincipal-allow` is a document AWS no longer accepts.",
    "SCPs (not compared): `denies_root` requires a match-every-action Action, so `deny-root-notaction-bucket-policy` "
    "and `deny-all-except-iam-notaction` report false although AWS denies root nearly everything; and every key "
    "other than the principal keys is unknown, so a Region allow-list guarded by `aws:ViaAWSService` or "
    "`aws:SourceIp` (`region-unknown-key-anded`) yields no allow-list.",
]


if __name__ == "__main__":
    sys.exit(main())

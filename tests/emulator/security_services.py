"""Organisation-wide security services for the emulator front
(moto_cbor_server.py), answered the way AWS answers them.

`install()` patches moto before the server starts:

* CloudTrail: organisation trails are visible to the organisation's member
  accounts (DescribeTrails with shadow trails, ListTrails) under the
  management account's ARN, and GetTrail, GetTrailStatus, GetEventSelectors
  and GetInsightSelectors answer for them (and for another Region's copy of
  a multi-Region trail) when given the trail ARN. GetTrail gives HomeRegion;
  DescribeTrails honours trailNameList; a trail without event selectors
  reports AWS's default selector (all management events), and
  HasCustomEventSelectors / HasInsightSelectors say whether any were put.
  GetInsightSelectors on a trail without Insights raises
  InsightNotEnabledException. ListTags refuses another account's trail ARN
  (CloudTrailARNInvalidException, as AWS answers a member asking for the
  organisation trail's tags). A trail may deliver to another account's
  bucket. An organisation trail can only be created by the management
  account once CloudTrail's trusted access is on.
* GuardDuty: UpdateOrganizationConfiguration / DescribeOrganizationConfiguration
  (POST / GET /detector/{id}/admin), CreateMembers / ListMembers
  (POST / GET /detector/{id}/member), kept on the administrator's moto
  backend; GetAdministratorAccount answers from those members, in the
  model's casing. Detectors report the foundational data sources enabled.
* Security Hub: ListOrganizationAdminAccounts (GET /organization/admin,
  management account only, per Region as EnableOrganizationAdminAccount
  was called), BatchEnableStandards / BatchDisableStandards /
  GetEnabledStandards (POST /standards/register|deregister|get) kept on the
  caller's moto backend; EnableSecurityHub enables the default standards
  unless EnableDefaultStandards is false; member statuses are "Enabled".
* Organizations: securityhub, cloudtrail, config, inspector2 and detective
  may have a delegated administrator.
* moto's IAM enforcement checks the signature of a request without a body
  (a REST GET) as it was sent, instead of failing it.

`access_analyzer(environ)` serves IAM Access Analyzer (moto has none):
CreateAnalyzer (PUT /analyzer), ListAnalyzers (GET /analyzer), GetAnalyzer
and DeleteAnalyzer (GET / DELETE /analyzer/{name}) and ListFindingsV2
(POST /findingv2), subject to moto's IAM enforcement when it is on.
AWS has no API to create findings; `add_findings(environ)` serves the
emulator-only POST /orgaudit-emulator/access-analyzer/findings.
"""

import base64
import datetime
import json
import re
import threading
import time
import urllib.parse
import uuid

from werkzeug.wrappers import Request

_lock = threading.Lock()

DEFAULT_EVENT_SELECTORS = [{"ReadWriteType": "All", "IncludeManagementEvents": True,
                            "DataResources": [], "ExcludeManagementEventSources": []}]


def _credential_scope(authorization):
    cred = authorization.partition("Credential=")[2].partition(",")[0]
    parts = cred.split("/")
    if len(parts) < 4:
        return None, None, None
    return parts[0], parts[2], parts[3]


def _iso(epoch):
    """Epoch seconds -> ISO 8601 in UTC with milliseconds, as AWS writes it."""
    moment = datetime.datetime.fromtimestamp(epoch, tz=datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _epoch(value):
    """An ISO 8601 string or epoch seconds -> epoch seconds."""
    if value is None:
        return time.time()
    if isinstance(value, (int, float)):
        return float(value)
    parsed = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=datetime.timezone.utc)
    return parsed.timestamp()


def _page(items, max_results, next_token, default_max):
    """One page of `items` and the token of the next (an opaque offset)."""
    try:
        start = int(base64.b64decode(next_token).decode()) if next_token else 0
    except (ValueError, UnicodeDecodeError):
        start = 0
    size = int(max_results) if max_results else default_max
    end = start + size
    token = base64.b64encode(str(end).encode()).decode() if end < len(items) else None
    return items[start:end], token


# --- Organizations -----------------------------------------------------------


def org_of(account):
    """(management account id, moto Organizations backend) of the organisation
    `account` belongs to, or (None, None)."""
    from moto.organizations.models import organizations_backends

    if account in organizations_backends.master_accounts:
        management, partition = organizations_backends.master_accounts[account]
        return management, organizations_backends[management][partition]
    backend = organizations_backends[account]["aws"]
    if backend.org is not None:
        return account, backend
    return None, None


def _trusted(org, principal):
    return any(s["ServicePrincipal"] == principal for s in org.services)


def _delegated(org, account, principal):
    return any(a.account.id == account and principal in a.services for a in org.admins)


def _install_organizations():
    from moto.organizations.models import FakeDelegatedAdministrator

    for principal in ("securityhub.amazonaws.com", "cloudtrail.amazonaws.com", "config.amazonaws.com",
                      "inspector2.amazonaws.com", "detective.amazonaws.com"):
        if principal not in FakeDelegatedAdministrator.SUPPORTED_SERVICES:
            FakeDelegatedAdministrator.SUPPORTED_SERVICES.append(principal)


# --- CloudTrail --------------------------------------------------------------


def _org_trails(account, region):
    """The management account's organisation trails a member sees in `region`."""
    from moto.cloudtrail.models import cloudtrail_backends

    management, org = org_of(account)
    if org is None or management == account:
        return []
    return [t for backend in cloudtrail_backends[management].values() for t in backend.trails.values()
            if t.is_org_trail and (t.is_multi_region or t.region_name == region)]


def _foreign_trail(account, region, name):
    """The trail an ARN names when it is not one of the caller's trails in this
    Region but the caller sees it here: another Region's multi-Region trail
    of the same account, or the organisation's trail. None otherwise."""
    from moto.cloudtrail.models import cloudtrail_backends

    match = re.fullmatch(r"arn:[^:]+:cloudtrail:([^:]+):(\d{12}):trail/(.+)", name or "")
    if not match:
        return None
    home, owner, trail_name = match.groups()
    if owner == account and home == region:
        return None
    try:
        trail = cloudtrail_backends[owner][home].trails.get(trail_name)
    except KeyError:
        return None
    if trail is None or not (trail.is_multi_region or home == region):
        return None
    if owner == account:
        return trail
    if trail.is_org_trail and any(t is trail for t in _org_trails(account, region)):
        return trail
    return None


def _install_cloudtrail():
    from moto.cloudtrail.exceptions import S3BucketDoesNotExistException, TrailNotFoundException
    from moto.cloudtrail.models import Trail
    from moto.cloudtrail.responses import CloudTrailResponse
    from moto.core.exceptions import JsonRESTError

    def check_bucket_exists(self):
        # Bucket names are global; an organisation trail usually writes to a
        # bucket in a log-archive account.
        from moto.s3.models import s3_backends

        if self.bucket_name not in s3_backends.bucket_accounts:
            raise S3BucketDoesNotExistException(f"S3 bucket {self.bucket_name} does not exist!")

    Trail.check_bucket_exists = check_bucket_exists

    def check_org_trail(response):
        if not response._get_bool_param("IsOrganizationTrail", False):
            return
        account = response.current_account
        management, org = org_of(account)
        if org is None:
            raise JsonRESTError("OrganizationsNotInUseException",
                                "This account is not a member of an organization.")
        if management != account:
            raise JsonRESTError("NotOrganizationMasterAccountException",
                                "The request could not be processed because this account is not the "
                                "management account of an organization.")
        if not _trusted(org, "cloudtrail.amazonaws.com"):
            raise JsonRESTError("CloudTrailAccessNotEnabledException",
                                "The request could not be processed because your organization hasn't enabled "
                                "CloudTrail service access. Enable service access for CloudTrail, and then "
                                f"try again. You are signed in with the following AWS account ID: {account}")

    create_trail, update_trail = CloudTrailResponse.create_trail, CloudTrailResponse.update_trail

    def checked_create_trail(self):
        check_org_trail(self)
        return create_trail(self)

    def checked_update_trail(self):
        check_org_trail(self)
        return update_trail(self)

    def describe_trails(self):
        include_shadow = self._get_bool_param("includeShadowTrails", True)
        names = self._get_param("trailNameList") or []
        trails = list(self.cloudtrail_backend.describe_trails(include_shadow))
        if include_shadow:
            trails += _org_trails(self.current_account, self.region)
        if names:
            # Names match this Region's own trails; other trails by ARN only.
            trails = [t for t in trails if t.arn in names or (
                t.trail_name in names and t.region_name == self.region
                and t.account_id == self.current_account)]
        return json.dumps({"trailList": [t.description(include_region=True) for t in trails]})

    def list_trails(self):
        trails = list(self.cloudtrail_backend.list_trails())
        trails += _org_trails(self.current_account, self.region)
        return json.dumps({"Trails": [t.short() for t in trails]})

    def trail_named(self, param):
        name = self._get_param(param)
        return (_foreign_trail(self.current_account, self.region, name)
                or self.cloudtrail_backend.get_trail(name))

    def get_trail(self):
        return json.dumps({"Trail": trail_named(self, "Name").description(include_region=True)})

    get_trail_status = CloudTrailResponse.get_trail_status

    def foreign_trail_status(self):
        name = self._get_param("Name")
        trail = _foreign_trail(self.current_account, self.region, name)
        if trail is None:
            if (name or "").startswith("arn:") and not any(
                    t.arn == name for t in self.cloudtrail_backend.describe_trails(True)):
                # moto would wrap the ARN in another ARN in its message.
                raise TrailNotFoundException(account_id=self.current_account, name=name)
            return get_trail_status(self)
        return json.dumps(trail.status.description())

    def get_event_selectors(self):
        trail = trail_named(self, "TrailName")
        out = {"TrailARN": trail.arn}
        if trail.event_selectors:
            out["EventSelectors"] = trail.event_selectors
        elif trail.advanced_event_selectors:
            out["AdvancedEventSelectors"] = trail.advanced_event_selectors
        else:
            out["EventSelectors"] = DEFAULT_EVENT_SELECTORS
        return json.dumps(out)

    def get_insight_selectors(self):
        trail = trail_named(self, "TrailName")
        if not trail.insight_selectors:
            raise JsonRESTError("InsightNotEnabledException",
                                f"Trail {trail.trail_name} does not have Insights enabled. Edit the trail "
                                "settings to enable Insights, and then try the operation again.")
        return json.dumps({"TrailARN": trail.arn, "InsightSelectors": trail.insight_selectors})

    describe = Trail.description

    def description(self, include_region=False):
        out = describe(self, include_region)
        out["HasCustomEventSelectors"] = bool(self.event_selectors or self.advanced_event_selectors)
        out["HasInsightSelectors"] = bool(self.insight_selectors)
        return out

    list_tags = CloudTrailResponse.list_tags

    def own_list_tags(self):
        # Tags of another account's trail (an organisation trail seen from a
        # member) are refused, whatever the trail.
        for arn in json.loads(self.body).get("ResourceIdList") or []:
            match = re.fullmatch(r"arn:[^:]+:cloudtrail:[^:]+:(\d{12}):.+", arn)
            if match and match.group(1) != self.current_account:
                raise JsonRESTError("CloudTrailARNInvalidException",
                                    "AccountID in ARN is wrong, you can only access resources with "
                                    f"AccountID {self.current_account}.")
        return list_tags(self)

    Trail.description = description
    CloudTrailResponse.list_tags = own_list_tags
    CloudTrailResponse.create_trail = checked_create_trail
    CloudTrailResponse.update_trail = checked_update_trail
    CloudTrailResponse.describe_trails = describe_trails
    CloudTrailResponse.list_trails = list_trails
    CloudTrailResponse.get_trail = get_trail
    CloudTrailResponse.get_trail_status = foreign_trail_status
    CloudTrailResponse.get_event_selectors = get_event_selectors
    CloudTrailResponse.get_insight_selectors = get_insight_selectors


# --- GuardDuty ---------------------------------------------------------------

GUARDDUTY_ORG_FEATURES = ["S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS",
                          "EKS_RUNTIME_MONITORING", "LAMBDA_NETWORK_LOGS", "RUNTIME_MONITORING"]


def _state(backend, name, factory):
    """Emulator state kept on a moto backend (so moto's reset clears it)."""
    with _lock:
        if name not in backend.__dict__:
            backend.__dict__[name] = factory()
        return backend.__dict__[name]


def _guardduty_admins(account, region):
    """The GuardDuty administrator accounts the organisation of `account` has in `region`."""
    from moto.guardduty.models import guardduty_backends

    management, org = org_of(account)
    if org is None:
        return []
    return list(guardduty_backends[management][region].admin_account_ids)


def _install_guardduty():
    from moto.core.exceptions import JsonRESTError
    from moto.guardduty import urls
    from moto.guardduty.models import Detector, guardduty_backends
    from moto.guardduty.responses import GuardDutyResponse

    class BadRequest(JsonRESTError):
        code = 400

        def __init__(self, message):
            super().__init__("BadRequestException", message)

        def get_headers(self, *args, **kwargs):
            return [("X-Amzn-ErrorType", "BadRequestException")]

    urls.url_paths.update({
        "{0}/detector/(?P<detector_id>[^/]+)/admin$": GuardDutyResponse.dispatch,
        "{0}/detector/(?P<detector_id>[^/]+)/member$": GuardDutyResponse.dispatch,
    })

    def admin_backend(self):
        """The caller's backend, once its detector is checked and it is the
        organisation's GuardDuty administrator here."""
        backend = self.guardduty_backend
        backend.get_detector(self.path.split("/")[-2])
        if self.current_account not in _guardduty_admins(self.current_account, self.region):
            raise BadRequest("The request is rejected because the current account is not the "
                             "delegated administrator of the organization in this Region.")
        return backend

    def org_config(backend):
        return _state(backend, "orgaudit_org_config", lambda: {
            "autoEnable": False, "autoEnableOrganizationMembers": "NONE",
            "features": {name: "NONE" for name in GUARDDUTY_ORG_FEATURES}})

    def update_organization_configuration(self):
        backend = admin_backend(self)
        body = json.loads(self.body or "{}")
        config = org_config(backend)
        if "autoEnableOrganizationMembers" in body:
            value = body["autoEnableOrganizationMembers"]
            config["autoEnableOrganizationMembers"] = value
            config["autoEnable"] = value in ("NEW", "ALL")
        elif "autoEnable" in body:
            config["autoEnable"] = bool(body["autoEnable"])
            config["autoEnableOrganizationMembers"] = "NEW" if body["autoEnable"] else "NONE"
        sources = body.get("dataSources") or {}
        legacy = {"S3_DATA_EVENTS": (sources.get("s3Logs") or {}).get("autoEnable"),
                  "EKS_AUDIT_LOGS": ((sources.get("kubernetes") or {}).get("auditLogs") or {}).get("autoEnable"),
                  "EBS_MALWARE_PROTECTION": (((sources.get("malwareProtection") or {})
                                              .get("scanEc2InstanceWithFindings") or {})
                                             .get("ebsVolumes") or {}).get("autoEnable")}
        for name, on in legacy.items():
            if on is not None:
                config["features"][name] = "NEW" if on else "NONE"
        for feature in body.get("features") or []:
            if feature.get("name") and feature.get("autoEnable"):
                config["features"][feature["name"]] = feature["autoEnable"]
        return "{}"

    def describe_organization_configuration(self):
        config = org_config(admin_backend(self))
        features = config["features"]
        on = lambda name: features.get(name, "NONE") != "NONE"  # noqa: E731
        return json.dumps({
            "autoEnable": config["autoEnable"],
            "memberAccountLimitReached": False,
            "autoEnableOrganizationMembers": config["autoEnableOrganizationMembers"],
            "dataSources": {
                "s3Logs": {"autoEnable": on("S3_DATA_EVENTS")},
                "kubernetes": {"auditLogs": {"autoEnable": on("EKS_AUDIT_LOGS")}},
                "malwareProtection": {"scanEc2InstanceWithFindings": {
                    "ebsVolumes": {"autoEnable": on("EBS_MALWARE_PROTECTION")}}},
            },
            "features": [{"name": name, "autoEnable": status} for name, status in features.items()],
        })

    def members_of(backend):
        return _state(backend, "orgaudit_members", dict)

    def create_members(self):
        backend = self.guardduty_backend
        backend.get_detector(self.path.split("/")[-2])
        body = json.loads(self.body or "{}")
        admin = self.current_account
        in_org_as_admin = admin in _guardduty_admins(admin, self.region)
        management, _ = org_of(admin)
        members = members_of(backend)
        unprocessed = []
        for detail in body.get("accountDetails") or []:
            account = detail.get("accountId", "")
            if not re.fullmatch(r"\d{12}", account) or account == admin:
                unprocessed.append({"accountId": account,
                                    "result": "The request is rejected because the input account ID is invalid."})
                continue
            if account in members:
                continue
            # Organisation accounts added by the delegated administrator are
            # enabled at once; any other account waits for an invitation.
            enabled = in_org_as_admin and org_of(account)[0] == management
            members[account] = {"accountId": account, "email": detail.get("email", ""),
                                "relationshipStatus": "Enabled" if enabled else "Created",
                                "updatedAt": _iso(time.time())}
        return json.dumps({"unprocessedAccounts": unprocessed})

    def member_view(member, admin, region):
        out = dict(member, masterId=admin, administratorId=admin)
        detectors = guardduty_backends[member["accountId"]][region].detectors
        if detectors:
            out["detectorId"] = next(iter(detectors))
        return out

    def list_members(self):
        backend = self.guardduty_backend
        backend.get_detector(self.path.split("/")[-2])
        only = (self.querystring.get("onlyAssociated") or ["true"])[0].lower() != "false"
        members = [member_view(m, self.current_account, self.region) for m in members_of(backend).values()
                   if not only or m["relationshipStatus"] == "Enabled"]
        page, token = _page(members, (self.querystring.get("maxResults") or [None])[0],
                            (self.querystring.get("nextToken") or [None])[0], 50)
        out = {"members": page}
        if token:
            out["nextToken"] = token
        return json.dumps(out)

    def get_administrator_account(self):
        self.guardduty_backend.get_detector(self.path.split("/")[-2])
        for admin in _guardduty_admins(self.current_account, self.region):
            member = members_of(guardduty_backends[admin][self.region]).get(self.current_account)
            if member is not None:
                return json.dumps({"administrator": {"accountId": admin,
                                                     "relationshipStatus": member["relationshipStatus"]}})
        return "{}"

    detector_json = Detector.to_json

    def to_json(self):
        out = detector_json(self)
        # CloudTrail, DNS and VPC flow logs are GuardDuty's foundational
        # sources: always on for a detector.
        for source in ("cloudTrail", "dnsLogs", "flowLogs"):
            out["dataSources"][source] = {"status": "ENABLED"}
        return out

    Detector.to_json = to_json
    GuardDutyResponse.update_organization_configuration = update_organization_configuration
    GuardDutyResponse.describe_organization_configuration = describe_organization_configuration
    GuardDutyResponse.create_members = create_members
    GuardDutyResponse.list_members = list_members
    GuardDutyResponse.get_administrator_account = get_administrator_account


# --- Security Hub --------------------------------------------------------------

SECURITYHUB_DEFAULT_STANDARDS = [
    "arn:aws:securityhub:{region}::standards/aws-foundational-security-best-practices/v/1.0.0",
    "arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0",
]


def _install_securityhub():
    from moto.securityhub import urls
    from moto.securityhub.exceptions import SecurityHubClientError
    from moto.securityhub.models import securityhub_backends
    from moto.securityhub.responses import SecurityHubResponse

    urls.url_paths.update({
        "{0}/organization/admin$": SecurityHubResponse.dispatch,
        "{0}/standards/register$": SecurityHubResponse.dispatch,
        "{0}/standards/deregister$": SecurityHubResponse.dispatch,
        "{0}/standards/get$": SecurityHubResponse.dispatch,
    })

    def subscriptions_of(backend):
        return _state(backend, "orgaudit_standards", dict)

    def admins_of(backend):
        return _state(backend, "orgaudit_admin_accounts", list)

    def subscribed(self):
        backend = self.securityhub_backend
        if not backend.enabled:
            raise SecurityHubClientError(
                "InvalidAccessException",
                f"Account {self.current_account} is not subscribed to AWS Security Hub")
        return backend

    def subscribe(backend, account, region, standards_arn, standards_input):
        match = re.fullmatch(r"arn:aws:securityhub:([^:]*)::(?:standards|ruleset)/(.+/v/.+)", standards_arn or "")
        if not match or match.group(1) not in ("", region):
            raise SecurityHubClientError("InvalidInputException",
                                         f"StandardsArn {standards_arn} is not a valid standards ARN.")
        arn = f"arn:aws:securityhub:{region}:{account}:subscription/{match.group(2)}"
        subscriptions_of(backend)[arn] = {"StandardsSubscriptionArn": arn, "StandardsArn": standards_arn,
                                          "StandardsInput": standards_input or {},
                                          "StandardsStatus": "READY",
                                          "StandardsControlsUpdatable": "READY_FOR_UPDATES"}
        return arn

    enable_security_hub = SecurityHubResponse.enable_security_hub
    disable_security_hub = SecurityHubResponse.disable_security_hub

    def enable_with_default_standards(self):
        backend = self.securityhub_backend
        was_enabled = backend.enabled
        out = enable_security_hub(self)
        params = json.loads(self.body) if self.body else {}
        if not was_enabled and params.get("EnableDefaultStandards", True):
            for standards_arn in SECURITYHUB_DEFAULT_STANDARDS:
                subscribe(backend, self.current_account, self.region,
                          standards_arn.format(region=self.region), {})
        return out

    def disable_with_standards(self):
        out = disable_security_hub(self)
        subscriptions_of(self.securityhub_backend).clear()
        return out

    def batch_enable_standards(self):
        backend = subscribed(self)
        params = json.loads(self.body or "{}")
        out = []
        for request in params.get("StandardsSubscriptionRequests") or []:
            arn = subscribe(backend, self.current_account, self.region,
                            request.get("StandardsArn"), request.get("StandardsInput"))
            # Enabling takes a while: AWS answers PENDING, then READY.
            out.append(dict(subscriptions_of(backend)[arn], StandardsStatus="PENDING"))
        return json.dumps({"StandardsSubscriptions": out})

    def batch_disable_standards(self):
        backend = subscribed(self)
        params = json.loads(self.body or "{}")
        out = []
        for arn in params.get("StandardsSubscriptionArns") or []:
            removed = subscriptions_of(backend).pop(arn, None)
            if removed is None:
                raise SecurityHubClientError("InvalidInputException",
                                             f"StandardsSubscriptionArn {arn} is not a subscription.")
            out.append(dict(removed, StandardsStatus="DELETING"))
        return json.dumps({"StandardsSubscriptions": out})

    def get_enabled_standards(self):
        backend = subscribed(self)
        params = json.loads(self.body or "{}")
        wanted = params.get("StandardsSubscriptionArns")
        items = [s for arn, s in subscriptions_of(backend).items() if not wanted or arn in wanted]
        page, token = _page(items, params.get("MaxResults"), params.get("NextToken"), 100)
        out = {"StandardsSubscriptions": page}
        if token:
            out["NextToken"] = token
        return json.dumps(out)

    enable_admin = SecurityHubResponse.enable_organization_admin_account

    def enable_organization_admin_account(self):
        enable_admin(self)  # moto checks the caller and the account
        admin = json.loads(self.body).get("AdminAccountId")
        admins = admins_of(self.securityhub_backend)
        admins[:] = [admin]  # one administrator per organisation
        return json.dumps({"AdminAccountId": admin, "Feature": "SecurityHub"})

    def list_organization_admin_accounts(self):
        management, org = org_of(self.current_account)
        if org is None or management != self.current_account:
            raise SecurityHubClientError(
                "InvalidAccessException",
                f"Account {self.current_account} is not the management account of an organization.")
        accounts = [{"AccountId": a, "Status": "ENABLED"} for a in admins_of(self.securityhub_backend)]
        page, token = _page(accounts, (self.querystring.get("MaxResults") or [None])[0],
                            (self.querystring.get("NextToken") or [None])[0], 10)
        out = {"AdminAccounts": page, "Feature": "SecurityHub"}
        if token:
            out["NextToken"] = token
        return json.dumps(out)

    def title_case_status(render):
        # AWS writes member statuses as Created, Invited, Enabled, ...
        def wrapped(self):
            out = json.loads(render(self))
            for member in out.get("Members", []):
                if member.get("MemberStatus") == "ENABLED":
                    member["MemberStatus"] = "Enabled"
            return json.dumps(out)
        return wrapped

    def get_administrator_account(self):
        # Only accounts the administrator added as members have one.
        management, org = org_of(self.current_account)
        for admin in (admins_of(securityhub_backends[management][self.region]) if org else []):
            member = securityhub_backends[admin][self.region].members.get(self.current_account)
            if member is not None and admin != self.current_account:
                return json.dumps({"Administrator": {
                    "AccountId": admin, "MemberStatus": "Enabled",
                    "InvitationId": f"invitation-{admin}", "InvitedAt": member["InvitedAt"]}})
        return "{}"

    SecurityHubResponse.enable_security_hub = enable_with_default_standards
    SecurityHubResponse.disable_security_hub = disable_with_standards
    SecurityHubResponse.batch_enable_standards = batch_enable_standards
    SecurityHubResponse.batch_disable_standards = batch_disable_standards
    SecurityHubResponse.get_enabled_standards = get_enabled_standards
    SecurityHubResponse.enable_organization_admin_account = enable_organization_admin_account
    SecurityHubResponse.list_organization_admin_accounts = list_organization_admin_accounts
    SecurityHubResponse.list_members = title_case_status(SecurityHubResponse.list_members)
    SecurityHubResponse.get_members = title_case_status(SecurityHubResponse.get_members)
    SecurityHubResponse.get_administrator_account = get_administrator_account


def _install_signature_fix():
    """moto's IAM enforcement signs a request without a body as if its
    parameters (or, lacking those, its headers) were a form body, so every
    REST GET (GuardDuty's ListDetectors, Security Hub's DescribeHub, ...)
    fails with SignatureDoesNotMatch once enforcement is on. Only a form
    request has its body parsed away; any other is checked as it was sent."""
    from moto.iam.access_control import IAMRequest

    create_aws_request = IAMRequest._create_aws_request

    def _create_aws_request(self):
        content_type = next((v for k, v in self._headers.items() if k.lower() == "content-type"), "")
        if self._body or content_type.startswith("application/x-www-form-urlencoded"):
            return create_aws_request(self)
        data, self._data = self._data, {}
        try:
            return create_aws_request(self)
        finally:
            self._data = data

    IAMRequest._create_aws_request = _create_aws_request


def install():
    _install_signature_fix()
    _install_organizations()
    _install_cloudtrail()
    _install_guardduty()
    _install_securityhub()


# --- IAM Access Analyzer -----------------------------------------------------
# State: (account, region) -> {name: analyzer}; analyzer ARN -> [finding].
_analyzers = {}
_findings = {}

ANALYZER_TYPES = ("ACCOUNT", "ORGANIZATION", "ACCOUNT_UNUSED_ACCESS", "ORGANIZATION_UNUSED_ACCESS",
                  "ACCOUNT_INTERNAL_ACCESS", "ORGANIZATION_INTERNAL_ACCESS")


class AnalyzerError(Exception):
    def __init__(self, status, code, message, **fields):
        super().__init__(message)
        self.status, self.code, self.body = status, code, dict(message=message, **fields)


def _validation(message, reason="fieldValidationFailed"):
    return AnalyzerError("400 Bad Request", "ValidationException", message, reason=reason)


def _not_found(name):
    return AnalyzerError("404 Not Found", "ResourceNotFoundException", f"Analyzer {name} not found.",
                         resourceId=name, resourceType="AWS::AccessAnalyzer::Analyzer")


def _json(status, body, headers=()):
    data = json.dumps(body).encode()
    return status, [("Content-Type", "application/json"), ("Content-Length", str(len(data))),
                    ("x-amzn-RequestId", str(uuid.uuid4())), *headers], data


def _authorize(request, account, action):
    """moto's IAM enforcement (on after /moto-api/reset-auth), as moto applies
    it to the services it serves; raises AnalyzerError when denied."""
    from moto import settings
    from moto.core.authorization import ActionAuthenticatorMixin
    from moto.iam.access_control import IAMRequest
    from werkzeug.exceptions import HTTPException

    if ActionAuthenticatorMixin.request_count < settings.INITIAL_NO_AUTH_ACTION_COUNT:
        ActionAuthenticatorMixin.request_count += 1
        return
    path = request.environ.get("RAW_URI", "").partition("?")[0] or request.path
    if request.query_string:
        path += "?" + request.query_string.decode()
    try:
        iam_request = IAMRequest(account_id=account, method=request.method, path=path, data={},
                                 body=request.get_data(), headers=dict(request.headers.items()), action=action)
        iam_request.check_signature()
        iam_request.check_action_permitted("*")
    except HTTPException as e:  # moto's auth errors
        error_type = getattr(e, "error_type", "AccessDenied")
        code = {"AccessDenied": "AccessDeniedException"}.get(error_type, error_type)
        raise AnalyzerError(f"{e.code} {error_type}", code, getattr(e, "message", str(e)))


def _summary(analyzer):
    out = {k: v for k, v in analyzer.items() if not k.startswith("_")}
    out["createdAt"] = _iso(analyzer["_created"])
    if analyzer.get("_last_analyzed"):
        out["lastResourceAnalyzedAt"] = _iso(analyzer["_last_analyzed"])
    return out


def _finding_view(finding):
    out = {k: v for k, v in finding.items() if v is not None}
    for key in ("createdAt", "updatedAt", "analyzedAt"):
        out[key] = _iso(finding[key])
    return out


def _matches(finding, criteria):
    for key, criterion in (criteria or {}).items():
        value = finding.get(key)
        text = None if value is None else str(value)
        if "exists" in criterion and criterion["exists"] != (value is not None):
            return False
        if criterion.get("eq") and text not in criterion["eq"]:
            return False
        if criterion.get("neq") and text in criterion["neq"]:
            return False
        if criterion.get("contains") and not (text and any(c in text for c in criterion["contains"])):
            return False
    return True


def _create_analyzer(account, region, body):
    name, kind = body.get("analyzerName"), body.get("type")
    if not name or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_.-]{0,254}", name):
        raise _validation("Invalid analyzer name.")
    if kind not in ANALYZER_TYPES:
        raise _validation(f"Invalid type {kind}.")
    if kind.startswith("ORGANIZATION"):
        management, org = org_of(account)
        if org is None or not _trusted(org, "access-analyzer.amazonaws.com"):
            raise _validation("Service not enabled for AWS Organizations")
        if account != management and not _delegated(org, account, "access-analyzer.amazonaws.com"):
            raise AnalyzerError("403 Forbidden", "AccessDeniedException",
                                f"Account {account} is not a delegated administrator")
    arn = f"arn:aws:access-analyzer:{region}:{account}:analyzer/{name}"
    analyzer = {"arn": arn, "name": name, "type": kind, "status": "ACTIVE", "tags": body.get("tags") or {},
                "_created": time.time()}
    if body.get("configuration"):
        analyzer["configuration"] = body["configuration"]
    elif kind.endswith("UNUSED_ACCESS"):
        analyzer["configuration"] = {"unusedAccess": {"unusedAccessAge": 90}}
    with _lock:
        existing = _analyzers.setdefault((account, region), {})
        if name in existing:
            raise AnalyzerError("409 Conflict", "ConflictException", f"Analyzer {name} already exists.",
                                resourceId=name, resourceType="AWS::AccessAnalyzer::Analyzer")
        existing[name] = analyzer
        _findings[arn] = []
    return {"arn": arn}


def _analyzer_by_arn(account, region, arn):
    match = re.fullmatch(r"arn:[^:]+:access-analyzer:([^:]+):(\d{12}):analyzer/(.+)", arn or "")
    if not match:
        raise _validation(f"Invalid analyzer ARN {arn}.")
    home, owner, name = match.groups()
    analyzer = _analyzers.get((owner, home), {}).get(name)
    if analyzer is None or owner != account or home != region:
        raise _not_found(arn)
    return analyzer


def access_analyzer(environ):
    """(status, headers, body) for an IAM Access Analyzer request."""
    from moto.iam.models import get_account_id_from

    request = Request(environ)
    access_key, region, _ = _credential_scope(request.headers.get("Authorization", ""))
    account = get_account_id_from(access_key or "")
    region = region or "us-east-1"
    method, path = request.method, request.path.rstrip("/")
    query = urllib.parse.parse_qs(request.query_string.decode())
    name_match = re.fullmatch(r"/analyzer/([^/]+)", path)
    routes = {("PUT", "/analyzer"): "CreateAnalyzer", ("GET", "/analyzer"): "ListAnalyzers",
              ("POST", "/findingv2"): "ListFindingsV2"}
    action = routes.get((method, path))
    if action is None and name_match and method in ("GET", "DELETE"):
        action = "GetAnalyzer" if method == "GET" else "DeleteAnalyzer"
    if action is None:
        return _json("404 Not Found", {"message": f"{method} {path} is not served by the emulator"},
                     [("x-amzn-ErrorType", "UnknownOperationException")])
    try:
        _authorize(request, account, action)
        body = json.loads(request.get_data() or b"{}")
        if action == "CreateAnalyzer":
            return _json("200 OK", _create_analyzer(account, region, body))
        if action == "ListAnalyzers":
            kind = (query.get("type") or [None])[0]
            if kind is not None and kind not in ANALYZER_TYPES:
                raise _validation(f"Invalid type {kind}.")
            with _lock:
                items = [_summary(a) for a in _analyzers.get((account, region), {}).values()
                         if kind is None or a["type"] == kind]
            page, token = _page(items, (query.get("maxResults") or [None])[0],
                                (query.get("nextToken") or [None])[0], 100)
            out = {"analyzers": page}
            if token:
                out["nextToken"] = token
            return _json("200 OK", out)
        if action in ("GetAnalyzer", "DeleteAnalyzer"):
            name = urllib.parse.unquote(name_match.group(1))
            with _lock:
                analyzer = _analyzers.get((account, region), {}).get(name)
                if analyzer is None:
                    raise _not_found(name)
                if action == "DeleteAnalyzer":
                    del _analyzers[(account, region)][name]
                    _findings.pop(analyzer["arn"], None)
                    return "200 OK", [("Content-Length", "0"), ("x-amzn-RequestId", str(uuid.uuid4()))], b""
                return _json("200 OK", {"analyzer": _summary(analyzer)})
        # ListFindingsV2
        with _lock:
            analyzer = _analyzer_by_arn(account, region, body.get("analyzerArn"))
            findings = [f for f in _findings.get(analyzer["arn"], []) if _matches(f, body.get("filter"))]
        sort = body.get("sort") or {}
        if sort.get("attributeName"):
            findings.sort(key=lambda f: str(f.get(sort["attributeName"], "")),
                          reverse=sort.get("orderBy") == "DESC")
        page, token = _page([_finding_view(f) for f in findings], body.get("maxResults"),
                            body.get("nextToken"), 100)
        out = {"findings": page}
        if token:
            out["nextToken"] = token
        return _json("200 OK", out)
    except AnalyzerError as e:
        return _json(e.status, e.body, [("x-amzn-ErrorType", e.code)])


def add_findings(environ):
    """Emulator-only: POST /orgaudit-emulator/access-analyzer/findings with
    {"analyzerArn": ARN, "findings": [{"resource", "resourceType",
    "resourceOwnerAccount", "status", "findingType", "createdAt",
    "updatedAt", "analyzedAt", "error", "id"}]} (times as ISO 8601 or epoch
    seconds; id, updatedAt and analyzedAt optional) adds findings to that
    analyzer; answers {"findings": [...]} as ListFindingsV2 would show them."""
    request = Request(environ)
    if request.method != "POST":
        return _json("405 Method Not Allowed", {"message": "POST only"})
    body = json.loads(request.get_data() or b"{}")
    arn = body.get("analyzerArn", "")
    match = re.fullmatch(r"arn:[^:]+:access-analyzer:([^:]+):(\d{12}):analyzer/(.+)", arn)
    with _lock:
        analyzer = _analyzers.get((match.group(2), match.group(1)), {}).get(match.group(3)) if match else None
        if analyzer is None:
            return _json("404 Not Found", {"message": f"no analyzer {arn}"})
        added = []
        for given in body.get("findings") or []:
            created = _epoch(given.get("createdAt"))
            finding = {"id": given.get("id") or str(uuid.uuid4()),
                       "resource": given.get("resource"),
                       "resourceType": given["resourceType"],
                       "resourceOwnerAccount": given["resourceOwnerAccount"],
                       "status": given.get("status", "ACTIVE"),
                       "findingType": given.get("findingType", "ExternalAccess"),
                       "error": given.get("error"),
                       "createdAt": created,
                       "updatedAt": _epoch(given.get("updatedAt", created)),
                       "analyzedAt": _epoch(given.get("analyzedAt", given.get("updatedAt", created)))}
            _findings[arn].append(finding)
            added.append(_finding_view(finding))
            if finding["analyzedAt"] >= (analyzer.get("_last_analyzed") or 0):
                analyzer["_last_analyzed"] = finding["analyzedAt"]
                analyzer["lastResourceAnalyzed"] = finding["resource"]
    return _json("200 OK", {"findings": added})

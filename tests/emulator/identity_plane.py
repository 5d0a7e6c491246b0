"""The organisation's identity plane for the emulator front
(moto_cbor_server.py), answered the way AWS answers it.

`install()` patches moto before the server starts:

* IAM Identity Center (sso-admin). moto creates an instance in every
  account and Region; AWS has the organisation's instance in one Region
  only, seen by the management account and the account delegated
  `sso.amazonaws.com`, and none before Identity Center is enabled. Here no
  instance exists until the emulator-only enable call below; ListInstances
  then answers it only in its Region, to the management account and its
  delegated administrator (whose sso-admin and identitystore calls are
  served from the management account's state, as AWS serves one instance),
  and is paginated. Ids have AWS's shapes (`d-` + 10 hex, `ssoins-` /
  `ps-` + 16 hex, permission sets as `arn:aws:sso:::permissionSet/...`);
  an unknown InstanceArn is ResourceNotFoundException. DescribePermissionSet
  leaves out absent fields and defaults SessionDuration to PT1H.
  Put/Get/DeletePermissionsBoundary(To|For|From)PermissionSet are added
  (Get on a set without one: ResourceNotFoundException).
  CreateAccountAssignment provisions the permission set to the account, as
  AWS does: it creates the role `AWSReservedSSO_<set>_<16 hex>` under
  `/aws-reserved/sso.amazonaws.com/[<region>/]` trusting the account's SAML
  provider `AWSSSO_<16 hex>_DO_NOT_DELETE`, with the set's managed and
  customer managed policies attached, its inline policy as
  `AwsSSOInlinePolicy`, its boundary and its session duration; a customer
  managed policy missing in the account fails the assignment (Status
  FAILED). ProvisionPermissionSet (one account, or ALL_PROVISIONED_ACCOUNTS)
  brings the roles up to date; deleting an account's last assignment of a
  set deletes its role. ListAccountsForProvisionedPermissionSet and
  ListPermissionSetsProvisionedToAccount answer the accounts provisioned,
  paginated. Duplicate assignments are not recorded twice.
* Identity store: only the instance's identity store exists (another id is
  ResourceNotFoundException, ResourceType IDENTITY_STORE); users, groups and
  memberships carry their ARNs, Revision, CreatedAt (and users UserStatus)
  as the current model requires; no JSON nulls.
* Organizations: `iam.amazonaws.com` may have trusted access; `sso` and
  `iam` may have a delegated administrator. A policy type that is not
  enabled on the root has no attachments (moto attaches FullAWSAccess and
  RCPFullAWSAccess from the start): ListPoliciesForTarget and
  ListTargetsForPolicy show none, AttachPolicy raises
  PolicyTypeNotEnabledException, and DisablePolicyType detaches the type's
  own policies.
* IAM: ListOrganizationsFeatures and (Enable|Disable)OrganizationsRoot
  (CredentialsManagement|Sessions), which moto lacks, with AWS's errors.
  AWS managed policies (arn:aws:iam::aws:policy/...) are loaded into an
  account when first attached or read, so roles can use them without
  MOTO_IAM_LOAD_MANAGED_POLICIES (and GetAccountAuthorizationDetails lists
  only those in use, as AWS does).
* Root credentials, which moto cannot hold: an account whose root state was
  recorded (below) has the `<root_account>` row first in its credential
  report, and GetAccountSummary's AccountMFAEnabled,
  AccountAccessKeysPresent and AccountPasswordPresent follow it. Accounts
  without a recorded state are unchanged.

Emulator-only endpoints (not subject to moto's IAM enforcement):

    POST /orgaudit-emulator/identity-center/enable
    {"region": "eu-west-1", "account_id": "123456789012"}   (account optional:
     the management account of the default credentials)
    -> the instance as ListInstances shows it (idempotent: an existing
       instance is answered again). Enabling turns on Organizations'
       trusted access for sso.amazonaws.com, as the console does.

    POST /orgaudit-emulator/root-credentials
    {"account_id": "111111111111", "password_enabled": true, "mfa_active": false,
     "access_keys": 0, "password_last_used": "2026-01-01T00:00:00Z",  (optional)
     "created": "2020-01-01T00:00:00Z"}  (optional; default: the account's
                                          creation in the organisation)
    -> {"account_id": ..., "row": the credential report row}
"""

import datetime
import functools
import json
import re
import threading
import time

from security_services import _delegated, _page, _trusted, org_of
from werkzeug.wrappers import Request

_lock = threading.Lock()

ENABLE_PATH = "/orgaudit-emulator/identity-center/enable"
ROOT_PATH = "/orgaudit-emulator/root-credentials"
DEFAULT_ACCOUNT = "123456789012"
SSO = "sso.amazonaws.com"
IAM = "iam.amazonaws.com"
SAML_AUDIENCE = "https://signin.aws.amazon.com/saml"
INLINE_POLICY_NAME = "AwsSSOInlinePolicy"
REPORT_DATE = "%Y-%m-%dT%H:%M:%S+00:00"


def _drop_nulls(value):
    """AWS leaves absent members out; moto writes them as JSON null."""
    if isinstance(value, dict):
        return {k: _drop_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_nulls(v) for v in value if v is not None]
    return value


def _clean_json(method):
    @functools.wraps(method)
    def wrapped(self):
        out = method(self)
        if isinstance(out, str) and out.startswith("{"):
            return json.dumps(_drop_nulls(json.loads(out)))
        return out
    return wrapped


def _hex(length):
    from moto.moto_api._internal import mock_random

    return mock_random.get_random_hex(length)


def _backend_state(backend, name, factory):
    """Emulator state kept on a moto backend (so moto's reset clears it)."""
    with _lock:
        if name not in backend.__dict__:
            backend.__dict__[name] = factory()
        return backend.__dict__[name]


def _seconds(duration):
    """ISO 8601 duration (PT8H, PT1H30M, P1D) -> seconds."""
    match = re.fullmatch(r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?", duration or "")
    if not match:
        return 3600
    d, h, m, s = (int(g or 0) for g in match.groups())
    return d * 86400 + h * 3600 + m * 60 + s


# --- Identity Center: which backend serves a caller ---------------------------


def _serving_account(account):
    """The account whose Identity Center state answers `account`: the
    management account for its delegated administrator, else itself."""
    management, org = org_of(account)
    if org is not None and management != account and _delegated(org, account, SSO):
        return management
    return account


def _sso_backend(account, region):
    from moto.ssoadmin.models import ssoadmin_backends

    return ssoadmin_backends[_serving_account(account)][region]


def _instance(backend, arn):
    return next((i for i in backend.instances if i.instance_arn == arn), None)


def _instance_json(instance):
    region = instance.__dict__.get("_region", "us-east-1")
    out = {
        "InstanceArn": instance.instance_arn,
        "IdentityStoreId": instance.identity_store_id,
        "IdentityStoreArn": (f"arn:aws:identitystore::{instance.account_id}:identitystore/"
                             f"{instance.identity_store_id}"),
        "OwnerAccountId": instance.account_id,
        "CreatedDate": instance.created_date,
        "Status": instance.status,
        "PrimaryRegion": region,
        "Regions": [{"RegionName": region, "Status": "ACTIVE", "AddedDate": instance.created_date,
                     "IsPrimaryRegion": True}],
    }
    if instance.name:
        out["Name"] = instance.name
    return out


def enable_identity_center(account, region):
    """Enable the organisation instance of Identity Center in `region`
    (idempotent); returns it as ListInstances shows it."""
    from moto.organizations.models import FakeServiceAccess
    from moto.ssoadmin.models import Instance, ssoadmin_backends

    management, org = org_of(account)
    if org is not None and management != account:
        raise ValueError(f"{account} is not the management account of its organisation")
    with _lock:
        for other in ssoadmin_backends[account].values():
            existing = other.instances[0] if other.instances else None
            if existing is not None:
                if existing.__dict__.get("_region") != region:
                    raise ValueError(f"Identity Center is already enabled in {existing.__dict__.get('_region')}")
                return _instance_json(existing)
        backend = ssoadmin_backends[account][region]
        instance = Instance(account, region)
        instance.identity_store_id = f"d-{_hex(10)}"
        instance.instance_arn = f"arn:aws:sso:::instance/ssoins-{_hex(16)}"
        instance.__dict__["_region"] = region
        backend.instances.append(instance)
    if org is not None and not _trusted(org, SSO):
        org.services.append(FakeServiceAccess(ServicePrincipal=SSO).describe())
    return _instance_json(instance)


# --- Identity Center: provisioning (the AWSReservedSSO_ roles) ---------------


def _provisioning(backend):
    """{permission set ARN: {account: {"role": name, "status": ...}}}"""
    return _backend_state(backend, "_orgaudit_provisioned", dict)


def _saml_provider(iam, instance):
    providers = _backend_state(iam, "_orgaudit_sso_saml", dict)
    name = providers.get(instance.instance_arn)
    if name is None or name not in iam.saml_providers:
        name = f"AWSSSO_{_hex(16)}_DO_NOT_DELETE"
        metadata = ('<?xml version="1.0" encoding="UTF-8"?><md:EntityDescriptor '
                    'xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" '
                    f'entityID="https://portal.sso.{instance.__dict__.get("_region", "us-east-1")}'
                    f'.amazonaws.com/saml/assertion/{instance.identity_store_id}"/>')
        iam.create_saml_provider(name, metadata)
        providers[instance.instance_arn] = name
    return f"arn:aws:iam::{iam.account_id}:saml-provider/{name}"


def _role_path(instance):
    region = instance.__dict__.get("_region", "us-east-1")
    # AWS adds the Region to the path for instances outside us-east-1.
    return "/aws-reserved/sso.amazonaws.com/" + ("" if region == "us-east-1" else f"{region}/")


class ProvisioningFailed(Exception):
    pass


def _sync_role(backend, instance, permission_set, account):
    """Create or update the role `permission_set` gives in `account`;
    returns its name. Raises ProvisioningFailed as AWS fails provisioning."""
    from moto.iam.models import iam_backends

    iam = iam_backends[account]["global"]
    boundary = permission_set.__dict__.get("_boundary")
    boundary_arn = None
    if boundary and boundary.get("ManagedPolicyArn"):
        boundary_arn = boundary["ManagedPolicyArn"]
    elif boundary and boundary.get("CustomerManagedPolicyReference"):
        ref = boundary["CustomerManagedPolicyReference"]
        boundary_arn = f"arn:aws:iam::{account}:policy{ref.get('Path', '/')}{ref['Name']}"
    customer = [f"arn:aws:iam::{account}:policy{p.path}{p.name}" for p in permission_set.customer_managed_policies]
    for arn in customer + ([boundary_arn] if boundary_arn and ":aws:policy" not in boundary_arn else []):
        if arn not in iam.managed_policies:
            raise ProvisioningFailed(
                f"Received a 404 status error: Policy {arn} does not exist or is not attachable.")
    provisioned = _provisioning(backend).setdefault(permission_set.permission_set_arn, {})
    entry = provisioned.get(account)
    role_name = entry["role"] if entry else None
    if role_name is None or role_name not in iam.roles_by_name():
        role_name = f"AWSReservedSSO_{permission_set.name}_{_hex(16)}"
        trust = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Federated": _saml_provider(iam, instance)},
            "Action": ["sts:AssumeRoleWithSAML", "sts:TagSession"],
            "Condition": {"StringEquals": {"SAML:aud": SAML_AUDIENCE}}}]}
        iam.create_role(role_name=role_name, assume_role_policy_document=json.dumps(trust),
                        path=_role_path(instance), permissions_boundary=boundary_arn, description="",
                        tags=[], max_session_duration=str(_seconds(permission_set.session_duration)))
    role = iam.get_role(role_name)
    role.max_session_duration = str(_seconds(permission_set.session_duration))
    role.permissions_boundary_arn = boundary_arn
    wanted = [p.arn for p in permission_set.managed_policies] + customer
    for arn in list(role.managed_policies):
        if arn not in wanted:
            iam.detach_role_policy(arn, role_name)
    for arn in wanted:
        if arn not in role.managed_policies:
            iam.attach_role_policy(arn, role_name)
    if permission_set.inline_policy:
        iam.put_role_policy(role_name, INLINE_POLICY_NAME, permission_set.inline_policy)
    elif INLINE_POLICY_NAME in role.policies:
        iam.delete_role_policy(role_name, INLINE_POLICY_NAME)
    provisioned[account] = {"role": role_name, "status": "LATEST_PERMISSION_SET_PROVISIONED"}
    return role_name


def _unprovision(backend, permission_set_arn, account):
    from moto.iam.models import iam_backends

    entry = _provisioning(backend).get(permission_set_arn, {}).pop(account, None)
    if entry is None:
        return
    iam = iam_backends[account]["global"]
    if entry["role"] in iam.roles_by_name():
        role = iam.get_role(entry["role"])
        for arn in list(role.managed_policies):
            iam.detach_role_policy(arn, entry["role"])
        for name in list(role.policies):
            iam.delete_role_policy(entry["role"], name)
        iam.delete_role(entry["role"])


def _install_ssoadmin():
    from moto.iam.models import IAMBackend
    from moto.ssoadmin.exceptions import ResourceNotFoundException
    from moto.ssoadmin.models import PermissionSet, SSOAdminBackend
    from moto.ssoadmin.responses import SSOAdminResponse
    from moto.core.exceptions import JsonRESTError
    from moto.core.utils import unix_time

    if not hasattr(IAMBackend, "roles_by_name"):
        IAMBackend.roles_by_name = lambda self: {r.name: r for r in self.roles.values()}

    class ValidationException(JsonRESTError):
        code = 400

        def __init__(self, message):
            super().__init__("ValidationException", message)

    init = SSOAdminBackend.__init__

    def no_instance_until_enabled(self, region_name, account_id):
        init(self, region_name, account_id)
        self.instances = []

    SSOAdminBackend.__init__ = no_instance_until_enabled

    PermissionSet.generate_id = staticmethod(
        lambda instance_arn: f"arn:aws:sso:::permissionSet/{instance_arn.rpartition('/')[2]}/ps-{_hex(16)}")

    ps_init = PermissionSet.__init__

    def permission_set_init(self, name, description, instance_arn, session_duration, relay_state, tags):
        if not isinstance(session_duration, str):
            session_duration = "PT1H"  # AWS's default (moto stores 3600)
        ps_init(self, name, description, instance_arn, session_duration, relay_state, tags)

    PermissionSet.__init__ = permission_set_init

    SSOAdminResponse.ssoadmin_backend = property(lambda self: _sso_backend(self.current_account, self.region))

    def instance_scoped(method):
        @functools.wraps(method)
        def wrapped(self):
            arn = self._get_param("InstanceArn")
            if arn is not None and _instance(self.ssoadmin_backend, arn) is None:
                raise ResourceNotFoundException(f"Could not find Identity Center instance {arn}")
            return method(self)
        return wrapped

    def list_instances(self):
        items = [_instance_json(i) for i in self.ssoadmin_backend.instances]
        page, token = _page(items, self._get_param("MaxResults"), self._get_param("NextToken"), 100)
        out = {"Instances": page}
        if token:
            out["NextToken"] = token
        return json.dumps(out)

    def permission_set(self):
        return self.ssoadmin_backend._find_permission_set(self._get_param("InstanceArn"),
                                                           self._get_param("PermissionSetArn"))

    def put_permissions_boundary_to_permission_set(self):
        ps = permission_set(self)
        boundary = self._get_param("PermissionsBoundary") or {}
        managed, customer = boundary.get("ManagedPolicyArn"), boundary.get("CustomerManagedPolicyReference")
        if bool(managed) == bool(customer):
            raise ValidationException("Specify either ManagedPolicyArn or CustomerManagedPolicyReference.")
        if managed:
            self.ssoadmin_backend._find_managed_policy(managed)
            value = {"ManagedPolicyArn": managed}
        else:
            value = {"CustomerManagedPolicyReference": {"Name": customer["Name"],
                                                        "Path": customer.get("Path") or "/"}}
        ps.__dict__["_boundary"] = value
        return "{}"

    def get_permissions_boundary_for_permission_set(self):
        ps = permission_set(self)
        boundary = ps.__dict__.get("_boundary")
        if not boundary:
            raise ResourceNotFoundException(
                f"Could not find PermissionsBoundary for PermissionSet with id "
                f"{ps.permission_set_arn.rpartition('/')[2]}")
        return json.dumps({"PermissionsBoundary": boundary})

    def delete_permissions_boundary_from_permission_set(self):
        ps = permission_set(self)
        if not ps.__dict__.pop("_boundary", None):
            raise ResourceNotFoundException(
                f"Could not find PermissionsBoundary for PermissionSet with id "
                f"{ps.permission_set_arn.rpartition('/')[2]}")
        return "{}"

    def statuses(backend):
        return _backend_state(backend, "_orgaudit_assignment_status", dict)

    def create_account_assignment(self):
        backend = self.ssoadmin_backend
        p = {k: self._get_param(k) for k in ("InstanceArn", "TargetId", "TargetType", "PermissionSetArn",
                                              "PrincipalType", "PrincipalId")}
        ps = permission_set(self)
        if p["TargetType"] != "AWS_ACCOUNT":
            raise ValidationException("TargetType must be AWS_ACCOUNT")
        if p["PrincipalType"] not in ("USER", "GROUP"):
            raise ValidationException("PrincipalType must be USER or GROUP")
        existing = next((a for a in backend.account_assignments
                         if (a.instance_arn, a.target_id, a.target_type, a.permission_set_arn, a.principal_type,
                             a.principal_id) == tuple(p.values())), None)
        from moto.ssoadmin.models import AccountAssignment

        assignment = existing or AccountAssignment(*p.values())
        status = {k: v for k, v in assignment.to_json(include_creation_date=True, include_request_id=True).items()}
        try:
            _sync_role(backend, _instance(backend, p["InstanceArn"]), ps, p["TargetId"])
            status["Status"] = "SUCCEEDED"
            if existing is None:
                backend.account_assignments.append(assignment)
        except ProvisioningFailed as e:
            status["Status"] = "FAILED"
            status["FailureReason"] = str(e)
        statuses(backend)[assignment.request_id] = status
        return json.dumps({"AccountAssignmentCreationStatus": status})

    def describe_account_assignment_creation_status(self):
        status = statuses(self.ssoadmin_backend).get(self._get_param("AccountAssignmentCreationRequestId"))
        if status is None:
            raise ResourceNotFoundException("Could not find the account assignment creation request")
        return json.dumps({"AccountAssignmentCreationStatus": status})

    delete_assignment = SSOAdminResponse.delete_account_assignment

    def delete_account_assignment(self):
        out = delete_assignment(self)
        backend = self.ssoadmin_backend
        arn, account = self._get_param("PermissionSetArn"), self._get_param("TargetId")
        if not any(a.permission_set_arn == arn and a.target_id == account for a in backend.account_assignments):
            _unprovision(backend, arn, account)
        return out

    def provision_permission_set(self):
        backend = self.ssoadmin_backend
        ps = permission_set(self)
        instance = _instance(backend, self._get_param("InstanceArn"))
        kind, target = self._get_param("TargetType"), self._get_param("TargetId")
        if kind == "AWS_ACCOUNT":
            if not target:
                raise ValidationException("TargetId is required when TargetType is AWS_ACCOUNT")
            accounts = [target]
        elif kind == "ALL_PROVISIONED_ACCOUNTS":
            accounts = list(_provisioning(backend).get(ps.permission_set_arn, {}))
        else:
            raise ValidationException("TargetType must be AWS_ACCOUNT or ALL_PROVISIONED_ACCOUNTS")
        status = {"Status": "SUCCEEDED", "RequestId": _uuid(), "PermissionSetArn": ps.permission_set_arn,
                  "CreatedDate": unix_time()}
        if kind == "AWS_ACCOUNT":
            status["AccountId"] = target
        try:
            for account in accounts:
                _sync_role(backend, instance, ps, account)
        except ProvisioningFailed as e:
            status.update(Status="FAILED", FailureReason=str(e))
        return json.dumps({"PermissionSetProvisioningStatus": status})

    def list_accounts_for_provisioned_permission_set(self):
        ps = permission_set(self)
        wanted = self._get_param("ProvisioningStatus")
        accounts = [a for a, e in _provisioning(self.ssoadmin_backend).get(ps.permission_set_arn, {}).items()
                    if wanted in (None, e["status"])]
        page, token = _page(accounts, self._get_param("MaxResults"), self._get_param("NextToken"), 100)
        out = {"AccountIds": page}
        if token:
            out["NextToken"] = token
        return json.dumps(out)

    def list_permission_sets_provisioned_to_account(self):
        account, wanted = self._get_param("AccountId"), self._get_param("ProvisioningStatus")
        arns = [arn for arn, accounts in _provisioning(self.ssoadmin_backend).items()
                if account in accounts and wanted in (None, accounts[account]["status"])]
        page, token = _page(arns, self._get_param("MaxResults"), self._get_param("NextToken"), 100)
        out = {"PermissionSets": page}
        if token:
            out["NextToken"] = token
        return json.dumps(out)

    added = {
        "list_instances": list_instances,
        "put_permissions_boundary_to_permission_set": put_permissions_boundary_to_permission_set,
        "get_permissions_boundary_for_permission_set": get_permissions_boundary_for_permission_set,
        "delete_permissions_boundary_from_permission_set": delete_permissions_boundary_from_permission_set,
        "create_account_assignment": create_account_assignment,
        "describe_account_assignment_creation_status": describe_account_assignment_creation_status,
        "delete_account_assignment": delete_account_assignment,
        "provision_permission_set": provision_permission_set,
        "list_accounts_for_provisioned_permission_set": list_accounts_for_provisioned_permission_set,
        "list_permission_sets_provisioned_to_account": list_permission_sets_provisioned_to_account,
    }
    for name, method in added.items():
        method.__name__ = name
        setattr(SSOAdminResponse, name, method)
    for name in [n for n, v in vars(SSOAdminResponse).items() if callable(v) and not n.startswith("_")]:
        method = getattr(SSOAdminResponse, name)
        if name not in ("list_instances", "ssoadmin_backend"):
            method = instance_scoped(method)
        setattr(SSOAdminResponse, name, _clean_json(method))


def _uuid():
    from moto.moto_api._internal import mock_random

    return str(mock_random.uuid4())


# --- Identity store -----------------------------------------------------------


def _install_identitystore():
    from moto.identitystore.exceptions import ResourceNotFoundException
    from moto.identitystore.models import IdentityStoreBackend, identitystore_backends
    from moto.identitystore.responses import IdentityStoreResponse
    from moto.ssoadmin.models import ssoadmin_backends

    IdentityStoreResponse.identitystore_backend = property(
        lambda self: identitystore_backends[_serving_account(self.current_account)][self.region])

    get_store = IdentityStoreBackend._IdentityStoreBackend__get_identity_store

    def only_the_instances_store(self, store_id):
        if store_id and store_id not in self.identity_stores:
            owned = any(i.identity_store_id == store_id
                        for i in ssoadmin_backends[self.account_id][self.region_name].instances)
            if not owned:
                raise ResourceNotFoundException(message=f"Identity store {store_id} not found.",
                                                resource_type="IDENTITY_STORE")
        return get_store(self, store_id)

    IdentityStoreBackend._IdentityStoreBackend__get_identity_store = only_the_instances_store

    def created(backend):
        return _backend_state(backend, "_orgaudit_created", dict)

    def stamp(id_key):
        def decorate(method):
            @functools.wraps(method)
            def wrapped(self):
                out = method(self)
                new_id = json.loads(out).get(id_key)
                if new_id:
                    created(self.identitystore_backend)[new_id] = time.time()
                return out
            return wrapped
        return decorate

    def enrich(item, kind, id_key, backend, user=False):
        if not isinstance(item, dict) or id_key not in item:
            return item
        when = created(backend).get(item[id_key], time.time())
        item.setdefault(f"{kind.title()}Arn", f"arn:aws:identitystore:::{kind}/{item[id_key]}")
        if kind != "membership":
            item.setdefault("Revision", "1")
        item.setdefault("CreatedAt", when)
        item.setdefault("UpdatedAt", when)
        if user:
            item.setdefault("UserStatus", "ENABLED")
        return item

    def enriched(list_key, kind, id_key, user=False):
        def decorate(method):
            @functools.wraps(method)
            def wrapped(self):
                out = json.loads(method(self))
                backend = self.identitystore_backend
                if list_key is None:
                    enrich(out, kind, id_key, backend, user)
                else:
                    for item in out.get(list_key) or []:
                        enrich(item, kind, id_key, backend, user)
                return json.dumps(out)
            return wrapped
        return decorate

    R = IdentityStoreResponse
    R.create_user = stamp("UserId")(R.create_user)
    R.create_group = stamp("GroupId")(R.create_group)
    R.create_group_membership = stamp("MembershipId")(R.create_group_membership)
    R.list_users = enriched("Users", "user", "UserId", user=True)(R.list_users)
    R.describe_user = enriched(None, "user", "UserId", user=True)(R.describe_user)
    R.list_groups = enriched("Groups", "group", "GroupId")(R.list_groups)
    R.describe_group = enriched(None, "group", "GroupId")(R.describe_group)
    R.list_group_memberships = enriched("GroupMemberships", "membership", "MembershipId")(R.list_group_memberships)
    R.list_group_memberships_for_member = enriched("GroupMemberships", "membership", "MembershipId")(
        R.list_group_memberships_for_member)
    R.describe_group_membership = enriched(None, "membership", "MembershipId")(R.describe_group_membership)
    for name in [n for n, v in vars(R).items() if callable(v) and not n.startswith("_")
                 and n not in ("identitystore_backend", "named_tuple_to_dict")]:
        setattr(R, name, _clean_json(getattr(R, name)))


# --- Organizations -------------------------------------------------------------


def _enabled_types(backend):
    root = next((ou for ou in backend.ou if ou.type == "ROOT"), None)
    return {t["Type"] for t in (root.policy_types if root else []) if t.get("Status") == "ENABLED"}


def _install_organizations():
    from moto.organizations import utils
    from moto.organizations.exceptions import PolicyTypeNotEnabledException
    from moto.organizations.models import (
        FakeDelegatedAdministrator,
        FakeServiceAccess,
        OrganizationsBackend,
    )
    from moto.utilities.paginator import paginate

    if IAM not in FakeServiceAccess.TRUSTED_SERVICES:
        FakeServiceAccess.TRUSTED_SERVICES.append(IAM)
    for principal in (SSO, IAM):
        if principal not in FakeDelegatedAdministrator.SUPPORTED_SERVICES:
            FakeDelegatedAdministrator.SUPPORTED_SERVICES.append(principal)

    listed = OrganizationsBackend.list_policies_for_target.__wrapped__

    @functools.wraps(listed)
    def list_policies_for_target(self, target_id, policy_type):
        found = listed(self, target_id=target_id, policy_type=policy_type)
        return found if policy_type in _enabled_types(self) else []

    OrganizationsBackend.list_policies_for_target = paginate(utils.PAGINATION_MODEL)(list_policies_for_target)

    targets = OrganizationsBackend.list_targets_for_policy

    def list_targets_for_policy(self, **kwargs):
        out = targets(self, **kwargs)
        policy = self.get_policy_by_id(kwargs["PolicyId"])
        if policy.type not in _enabled_types(self):
            out["Targets"] = []
        return out

    OrganizationsBackend.list_targets_for_policy = list_targets_for_policy

    attach = OrganizationsBackend.attach_policy

    def attach_policy(self, **kwargs):
        policy = self.get_policy_by_id(kwargs["PolicyId"])
        # The defaults moto attaches at creation are AWS's own doing.
        if not policy.aws_managed and policy.type not in _enabled_types(self):
            raise PolicyTypeNotEnabledException
        return attach(self, **kwargs)

    OrganizationsBackend.attach_policy = attach_policy

    disable = OrganizationsBackend.disable_policy_type

    def disable_policy_type(self, **kwargs):
        out = disable(self, **kwargs)
        for policy in self.policies:
            if policy.type == kwargs["PolicyType"] and not policy.aws_managed:
                for target in list(policy.attachments):
                    target.attached_policies.remove(policy)
                    policy.attachments.remove(target)
        return out

    OrganizationsBackend.disable_policy_type = disable_policy_type


# --- IAM: centralised root access ---------------------------------------------

FEATURES = ("RootCredentialsManagement", "RootSessions")


def _install_iam_features():
    from moto.iam.exceptions import IAMException
    from moto.iam.responses import IamResponse as IAMResponse

    def error(code, message):
        class OrgError(IAMException):
            pass
        OrgError.code = code
        return OrgError(message)

    def features_of(response, management_only):
        account = response.current_account
        management, org = org_of(account)
        if org is None:
            raise error("OrganizationNotFoundException",
                        "The request was rejected because no organization is associated with your account.")
        if org.org.feature_set != "ALL":
            raise error("OrganizationNotInAllFeaturesModeException",
                        "The request was rejected because your organization does not have All features enabled.")
        if account != management and not _delegated(org, account, IAM):
            raise error("AccountNotManagementOrDelegatedAdministratorException",
                        "The request was rejected because the account making the request is not the management "
                        "account or delegated administrator account for centralized root access.")
        if not _trusted(org, IAM):
            raise error("ServiceAccessNotEnabledException",
                        "The request was rejected because trusted access is not enabled for IAM in Organizations.")
        if management_only and account != management:
            raise error("CallerIsNotManagementAccountException",
                        "The request was rejected because the account making the request is not the management "
                        "account for the organization.")
        return org, _backend_state(org, "_orgaudit_iam_features", set)

    def answer(org, features):
        from moto.core.responses import ActionResult

        return ActionResult({"OrganizationId": org.org.id,
                             "EnabledFeatures": [f for f in FEATURES if f in features]})

    def list_organizations_features(self):
        return answer(*features_of(self, False))

    def switch(feature, on):
        def method(self):
            org, features = features_of(self, on)
            with _lock:
                (features.add if on else features.discard)(feature)
            return answer(org, features)
        return method

    IAMResponse.list_organizations_features = list_organizations_features
    for feature, op in (("RootCredentialsManagement", "organizations_root_credentials_management"),
                        ("RootSessions", "organizations_root_sessions")):
        setattr(IAMResponse, f"enable_{op}", switch(feature, True))
        setattr(IAMResponse, f"disable_{op}", switch(feature, False))


def _install_lazy_aws_policies():
    """AWS managed policies appear in an account when first used."""
    from moto.iam.aws_managed_policies import aws_managed_policies_data
    from moto.iam.models import AWSManagedPolicy, IAMBackend

    catalogue = {}

    def ensure(self, arn):
        match = re.fullmatch(r"arn:aws:iam::aws:policy(/.*/|/)([^/]+)", arn or "")
        if not match or arn in self.managed_policies:
            return
        if not catalogue:
            catalogue.update(json.loads(aws_managed_policies_data))
        data = catalogue.get(match.group(2))
        if data is None or data.get("Path", "/") != match.group(1):
            return
        policy = AWSManagedPolicy.from_data(match.group(2), self.account_id, self.region_name, data)
        with _lock:
            if arn not in self.managed_policies:
                self.aws_managed_policies.append(policy)
                self.managed_policies[policy.arn] = policy

    def lazily(method):
        @functools.wraps(method)
        def wrapped(self, policy_arn, *args, **kwargs):
            ensure(self, policy_arn)
            return method(self, policy_arn, *args, **kwargs)
        return wrapped

    for name in ("attach_role_policy", "attach_user_policy", "attach_group_policy", "get_policy",
                 "get_policy_version", "list_policy_versions"):
        setattr(IAMBackend, name, lazily(getattr(IAMBackend, name)))


# --- Root credentials -----------------------------------------------------------

ROOT_STATE = "_orgaudit_root"


def _account_created(account):
    management, org = org_of(account)
    if org is not None:
        found = next((a for a in org.accounts if a.id == account), None)
        if found is not None:
            return found.create_time
    return datetime.datetime.now(datetime.timezone.utc)


def _date(value):
    if isinstance(value, datetime.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=datetime.timezone.utc)
    else:
        moment = datetime.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.astimezone(datetime.timezone.utc).strftime(REPORT_DATE)


def _root_row(account, state):
    """The credential report's root row, as AWS writes it (IAM User Guide,
    "Getting credential reports": password_enabled, password_last_changed and
    password_next_rotation are always not_supported for root;
    password_last_used is N/A without a password, no_information when never
    used)."""
    if state["password_enabled"]:
        last_used = _date(state["password_last_used"]) if state.get("password_last_used") else "no_information"
    else:
        last_used = "N/A"
    keys = []
    for slot in (1, 2):
        if state["access_keys"] >= slot:
            keys += ["true", state["created"], "N/A", "N/A", "N/A"]
        else:
            keys += ["false", "N/A", "N/A", "N/A", "N/A"]
    cells = ["<root_account>", f"arn:aws:iam::{account}:root", state["created"], "not_supported", last_used,
             "not_supported", "not_supported", "true" if state["mfa_active"] else "false", *keys,
             "false", "N/A", "false", "N/A"]
    return ",".join(cells)


def _install_root_credentials():
    from moto.iam.models import AccountSummary, IAMBackend

    report = IAMBackend.get_credential_report

    def get_credential_report(self):
        out = report(self)
        state = self.__dict__.get(ROOT_STATE)
        if state is None:
            return out
        header, _, rows = out.partition("\n")
        return f"{header}\n{_root_row(self.account_id, state)}\n{rows}"

    IAMBackend.get_credential_report = get_credential_report

    summary = AccountSummary.summary_map

    def summary_map(self):
        out = summary.fget(self)
        state = self._iam_backend.__dict__.get(ROOT_STATE)
        if state is not None:
            out["AccountMFAEnabled"] = int(state["mfa_active"])
            out["AccountAccessKeysPresent"] = int(state["access_keys"] > 0)
            out["AccountPasswordPresent"] = int(state["password_enabled"])
        return out

    AccountSummary.summary_map = property(summary_map)


def record_root(body):
    from moto.iam.models import iam_backends

    account = str(body["account_id"])
    if not re.fullmatch(r"\d{12}", account):
        raise ValueError("account_id must be 12 digits")
    keys = int(body.get("access_keys", 0))
    if not 0 <= keys <= 2:
        raise ValueError("access_keys must be 0, 1 or 2")
    state = {"password_enabled": bool(body.get("password_enabled", False)),
             "mfa_active": bool(body.get("mfa_active", False)),
             "access_keys": keys,
             "password_last_used": body.get("password_last_used"),
             "created": _date(body.get("created") or _account_created(account))}
    iam = iam_backends[account]["global"]
    with _lock:
        iam.__dict__[ROOT_STATE] = state
    return {"account_id": account, "row": _root_row(account, state)}


# --- the front's emulator-only endpoints ---------------------------------------


def _json_answer(status, body):
    data = json.dumps(body).encode()
    return status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))], data


def serve(environ):
    """(status, headers, body) for an emulator-only identity-plane path, or
    None when `environ` is not one."""
    path = environ.get("PATH_INFO", "")
    if path not in (ENABLE_PATH, ROOT_PATH):
        return None
    request = Request(environ)
    if request.method != "POST":
        return _json_answer("405 Method Not Allowed", {"message": "POST only"})
    try:
        body = json.loads(request.get_data() or b"{}")
        if path == ENABLE_PATH:
            return _json_answer("200 OK", enable_identity_center(str(body.get("account_id") or DEFAULT_ACCOUNT),
                                                                 body.get("region") or "us-east-1"))
        return _json_answer("200 OK", record_root(body))
    except (KeyError, ValueError, TypeError) as e:
        return _json_answer("400 Bad Request", {"message": str(e)})


def install():
    _install_ssoadmin()
    _install_identitystore()
    _install_organizations()
    _install_iam_features()
    _install_lazy_aws_policies()
    _install_root_credentials()

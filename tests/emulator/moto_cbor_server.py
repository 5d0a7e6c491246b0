"""moto server with a Smithy RPC v2 CBOR front for CloudWatch.

The Rust `aws-sdk-cloudwatch` crate speaks RPC v2 CBOR
(`POST /service/GraniteServiceVersion20100801/operation/<Op>`); moto only
serves CloudWatch as awsQuery/awsJson (getmoto/moto#9195). This process runs
moto's own WSGI application and, in front of it, translates each CBOR request
into the equivalent awsJson 1.0 request, re-signs it so moto's IAM
enforcement (`/moto-api/reset-auth`) still applies, and turns moto's JSON
answer back into CBOR, using botocore's service model for the shapes.

It also answers AWS Budgets' DescribeSubscribersForNotification, which moto
stores the data for but does not serve, from moto's own budget state (this
one call is not subject to moto's IAM enforcement).

It adds AWS Config's DescribeDeliveryChannelStatus, which moto answers with
HTTP 500, to moto's own Config handler (so moto's routing, errors and IAM
enforcement apply), derived from moto's state: once a recorder has started,
a channel delivers (`Success`) when its S3 bucket exists in the emulator and
fails (`Failure`, `NoSuchBucket`) when it does not; before that, nothing
has been delivered yet.

It serves the organisation-wide security services as AWS does, where moto
falls short (security_services.py): organisation trails seen by member
accounts; GuardDuty's organisation configuration and members
(GET|POST /detector/{id}/admin, GET|POST /detector/{id}/member); Security
Hub's ListOrganizationAdminAccounts (GET /organization/admin) and
standards subscriptions (POST /standards/register|deregister|get), all
added to moto's own handlers so moto's routing, errors and IAM enforcement
apply; and IAM Access Analyzer, which moto lacks, served here for requests
signed for `access-analyzer` (PUT|GET /analyzer, GET|DELETE
/analyzer/{name}, POST /findingv2). AWS has no API that creates Access
Analyzer findings, so an emulator-only one does (used by seed_org.py):

    POST /orgaudit-emulator/access-analyzer/findings
    {"analyzerArn": "arn:aws:access-analyzer:REGION:ACCOUNT:analyzer/NAME",
     "findings": [{"resource": "arn:aws:s3:::bucket", "resourceType": "AWS::S3::Bucket",
                   "resourceOwnerAccount": "111111111111", "status": "ACTIVE",
                   "findingType": "ExternalAccess", "createdAt": "2024-01-01T00:00:00Z"}]}

answers {"findings": [...]} as ListFindingsV2 shows them (with their ids).

It serves the organisation's identity plane as AWS does (identity_plane.py):
IAM Identity Center with one organisation instance, in one Region, seen by
the management account and its delegated administrator (none until the
emulator-only POST /orgaudit-emulator/identity-center/enable), permission
sets with boundaries, assignments that provision AWSReservedSSO_ roles,
the identity store; IAM's centralised root access
(ListOrganizationsFeatures, Enable/DisableOrganizationsRoot*); policy
types that have no attachments until enabled on the root (resource
control policies); and the root user's credentials, which AWS has and
moto cannot hold, recorded through the emulator-only
POST /orgaudit-emulator/root-credentials and shown in the credential
report's `<root_account>` row and GetAccountSummary.

It also counts requests (GET /orgaudit-emulator/stats) so benchmarks can
report the emulator's own request rate, and injects faults (throttling,
HTTP 503, slow answers, dropped connections, a hanging API) when told to
through /orgaudit-emulator/faults (see faults.py).

Usage: python moto_cbor_server.py --port PORT
"""

import argparse
import base64
import datetime
import json
import re
import threading
import time

import cbor2
import faults
import identity_plane
import security_services
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.session import get_session
from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)
from werkzeug.serving import run_simple
from werkzeug.test import EnvironBuilder, run_wsgi_app
from werkzeug.wrappers import Request

CBOR_PREFIX = "/service/GraniteServiceVersion20100801/operation/"
JSON_TARGET = "GraniteServiceVersion20100801."
STATS_PATH = "/orgaudit-emulator/stats"
FAULTS_PATH = "/orgaudit-emulator/faults"
FINDINGS_PATH = "/orgaudit-emulator/access-analyzer/findings"

_MODEL = get_session().get_service_model("cloudwatch")
_lock = threading.Lock()
# busy_seconds: wall time with at least one request in flight, so
# requests / busy_seconds is the rate the emulator sustained while working.
_stats = {"requests": 0, "by_service": {}, "busy_seconds": 0.0}
_inflight = {"count": 0, "since": 0.0}


def _credential_scope(authorization):
    """(access key, region, service) from a SigV4 Authorization header."""
    cred = authorization.partition("Credential=")[2].partition(",")[0]
    parts = cred.split("/")
    if len(parts) < 4:
        return None, None, None
    return parts[0], parts[2], parts[3]


def _to_json_value(value):
    """CBOR-decoded request value -> what moto's JSON parser expects."""
    if isinstance(value, dict):
        return {k: _to_json_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_json_value(v) for v in value]
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode()
    return value


def _to_cbor_value(value, shape):
    """moto's JSON answer -> CBOR value typed by the botocore output shape."""
    if value is None or shape is None:
        return value
    kind = shape.type_name
    if kind == "structure":
        return {
            k: _to_cbor_value(v, shape.members.get(k))
            for k, v in value.items()
            if v is not None
        }
    if kind == "list":
        return [_to_cbor_value(v, shape.member) for v in value]
    if kind == "map":
        return {k: _to_cbor_value(v, shape.value) for k, v in value.items()}
    if kind == "timestamp":
        if isinstance(value, (int, float)):
            return datetime.datetime.fromtimestamp(value, tz=datetime.timezone.utc)
        text = str(value).replace("Z", "+00:00")
        parsed = datetime.datetime.fromisoformat(text)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=datetime.timezone.utc)
        return parsed
    if kind in ("double", "float"):
        return float(value)
    if kind in ("integer", "long"):
        return int(value)
    if kind == "blob":
        return base64.b64decode(value)
    return value


def _resign(headers, body, host, access_key, region):
    """Sign the translated request with the caller's moto-held secret.

    Only possible for keys moto knows (IAM users, assumed roles); with dummy
    keys moto does not check signatures, so the original header is kept.
    """
    try:
        from moto.iam.access_control import create_access_key
        from moto.iam.models import get_account_id_from

        account = get_account_id_from(access_key)
        creds = create_access_key(account, "aws", access_key, headers).create_credentials()
        request = AWSRequest(method="POST", url=f"http://{host}/", data=body, headers=dict(headers))
        for name in ("Authorization", "X-Amz-Date"):
            if name in request.headers:
                del request.headers[name]
        SigV4Auth(creds, "monitoring", region).add_auth(request)
        return dict(request.headers.items())
    except Exception:  # unknown key: moto is not enforcing auth, keep the original
        return headers


def _translate_cbor(app, environ):
    request = Request(environ)
    operation = request.path[len(CBOR_PREFIX):]
    raw = request.get_data()
    params = _to_json_value(cbor2.loads(raw)) if raw else {}
    body = json.dumps(params).encode()
    host = request.host
    headers = {
        "Host": host,
        "Content-Type": "application/x-amz-json-1.0",
        "X-Amz-Target": JSON_TARGET + operation,
    }
    for name in ("Authorization", "X-Amz-Date", "X-Amz-Security-Token", "User-Agent"):
        if name in request.headers:
            headers[name] = request.headers[name]
    access_key, region, _ = _credential_scope(request.headers.get("Authorization", ""))
    if access_key:
        headers = _resign(headers, body, host, access_key, region or "us-east-1")
    inner = EnvironBuilder(path="/", method="POST", headers=headers, data=body).get_environ()
    inner["REMOTE_ADDR"] = environ.get("REMOTE_ADDR", "127.0.0.1")
    app_iter, status, resp_headers = run_wsgi_app(app, inner)
    payload = b"".join(app_iter)
    if hasattr(app_iter, "close"):
        app_iter.close()
    code = int(status.split()[0])
    try:
        decoded = json.loads(payload) if payload else {}
    except ValueError:
        decoded = _xml_error(payload.decode(errors="replace"))
    if code < 300:
        op_model = _MODEL.operation_model(operation)
        out = _to_cbor_value(decoded, op_model.output_shape) if op_model.output_shape else {}
    else:
        out = {"__type": decoded.get("__type", "InternalFailure"),
               "message": decoded.get("message") or decoded.get("Message", "")}
    data = cbor2.dumps(out, datetime_as_timestamp=True, timezone=datetime.timezone.utc)
    request_id = resp_headers.get("x-amzn-RequestId", "orgaudit-emulator")
    return status, [
        ("Content-Type", "application/cbor"),
        ("smithy-protocol", "rpc-v2-cbor"),
        ("x-amzn-RequestId", request_id),
        ("Content-Length", str(len(data))),
    ], data


def _xml_error(text):
    """moto's IAM enforcement answers in XML whatever the protocol."""
    code = re.search(r"<Code>([^<]*)</Code>", text)
    message = re.search(r"<Message>([^<]*)</Message>", text)
    return {"__type": code.group(1) if code else "InternalFailure",
            "message": message.group(1) if message else text}


BUDGETS_SUBSCRIBERS = "AWSBudgetServiceGateway.DescribeSubscribersForNotification"


def _budget_subscribers(environ):
    """DescribeSubscribersForNotification from moto's stored budgets."""
    from moto.budgets.models import budgets_backends
    from moto.iam.models import get_account_id_from

    request = Request(environ)
    params = json.loads(request.get_data() or b"{}")
    access_key, _, _ = _credential_scope(request.headers.get("Authorization", ""))
    backend = budgets_backends[get_account_id_from(access_key or "")]["aws"]
    budget = backend.budgets[params.get("AccountId", "")].get(params.get("BudgetName", ""))
    wanted = params.get("Notification", {})
    keys = ("NotificationType", "ComparisonOperator", "Threshold")
    match = None
    if budget is not None:
        match = next((n for n in budget.notifications
                      if all(n.details.get(k) == wanted.get(k) for k in keys)), None)
    if match is None:
        body = {"__type": "NotFoundException", "Message": "the notification doesn't exist"}
        return "400 Bad Request", body
    return "200 OK", {"Subscribers": match.subscribers}


def _delivery_channel_status(self):
    """ConfigResponse.describe_delivery_channel_status, from moto's state.

    Real AWS reports each channel's last history, snapshot and stream
    delivery. moto keeps no delivery history, so the outcome is what AWS
    would see: a bucket that does not exist cannot receive anything.
    """
    from moto.config.exceptions import NoSuchDeliveryChannelException
    from moto.s3.models import s3_backends
    from moto.sns.models import sns_backends

    backend = self.config_backend
    names = self._get_param("DeliveryChannelNames") or list(backend.delivery_channels)
    # Deliveries start with the recorder; a never-started recorder has none.
    started = any(r.status.last_start_time for r in backend.recorders.values())
    now = time.time()

    def outcome(ok, error_code, error_message):
        if ok:
            return {"lastStatus": "Success", "lastAttemptTime": now,
                    "lastSuccessfulTime": now, "nextDeliveryTime": now + 3600}
        return {"lastStatus": "Failure", "lastErrorCode": error_code,
                "lastErrorMessage": error_message, "lastAttemptTime": now,
                "nextDeliveryTime": now + 3600}

    statuses = []
    for name in names:
        channel = backend.delivery_channels.get(name)
        if channel is None:
            raise NoSuchDeliveryChannelException(name)
        if not started:
            statuses.append({"name": name, "configHistoryDeliveryInfo": {},
                             "configSnapshotDeliveryInfo": {}, "configStreamDeliveryInfo": {}})
            continue
        # Bucket names are global: a channel may deliver to another account's bucket.
        bucket_ok = channel.s3_bucket_name in s3_backends.bucket_accounts
        s3 = outcome(bucket_ok, "NoSuchBucket", "The specified bucket does not exist")
        # Periodic snapshots are delivered only when the channel asks for them.
        snapshot = s3 if channel.config_snapshot_delivery_properties else {"lastStatus": "Not_Applicable"}
        topic = channel.sns_topic_arn
        if topic:
            # arn:aws:sns:REGION:ACCOUNT:NAME; a malformed ARN delivers nowhere.
            parts = topic.split(":")
            try:
                topic_ok = topic in sns_backends[parts[4]][parts[3]].topics
            except (IndexError, KeyError):
                topic_ok = False
            stream = {"lastStatus": "Success" if topic_ok else "Failure",
                      "lastStatusChangeTime": now}
            if not topic_ok:
                stream.update(lastErrorCode="NotFound", lastErrorMessage="Topic does not exist")
        else:
            stream = {"lastStatus": "Not_Applicable", "lastStatusChangeTime": now}
        statuses.append({"name": name, "configHistoryDeliveryInfo": s3,
                         "configSnapshotDeliveryInfo": snapshot,
                         "configStreamDeliveryInfo": stream})
    return json.dumps({"DeliveryChannelsStatus": statuses})


def _install_config_delivery_status():
    from moto.config.responses import ConfigResponse

    ConfigResponse.describe_delivery_channel_status = _delivery_channel_status


def _service_of(environ):
    _, _, service = _credential_scope(environ.get("HTTP_AUTHORIZATION", ""))
    return service or "other"


class CborFront:
    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == STATS_PATH:
            with _lock:
                data = json.dumps(_stats).encode()
            start_response("200 OK", [("Content-Type", "application/json"),
                                      ("Content-Length", str(len(data)))])
            return [data]
        if path == FAULTS_PATH:
            if environ.get("REQUEST_METHOD") == "POST":
                faults.configure(json.loads(Request(environ).get_data() or b"{}"))
            data = json.dumps(faults.state()).encode()
            start_response("200 OK", [("Content-Type", "application/json"),
                                      ("Content-Length", str(len(data)))])
            return [data]
        if path == FINDINGS_PATH:
            status, headers, data = security_services.add_findings(environ)
            start_response(status, headers)
            return [data]
        served = identity_plane.serve(environ)
        if served is not None:
            status, headers, data = served
            start_response(status, headers)
            return [data]
        counted = not path.startswith("/moto-api")
        if counted:
            with _lock:
                if _inflight["count"] == 0:
                    _inflight["since"] = time.monotonic()
                _inflight["count"] += 1
        try:
            injected = faults.inject(environ, start_response) if counted else None
            if injected is not None:
                return injected
            shortened = faults.short_session(self.app, environ, start_response)
            if shortened is not None:
                return shortened
            if environ.get("HTTP_X_AMZ_TARGET") == BUDGETS_SUBSCRIBERS:
                status, body = _budget_subscribers(environ)
                data = json.dumps(body).encode()
                start_response(status, [("Content-Type", "application/x-amz-json-1.1"),
                                        ("Content-Length", str(len(data)))])
                return [data]
            if _service_of(environ) == "access-analyzer":
                status, headers, data = security_services.access_analyzer(environ)
                start_response(status, headers)
                return [data]
            if path.startswith(CBOR_PREFIX) and environ.get("REQUEST_METHOD") == "POST":
                status, headers, data = _translate_cbor(self.app, environ)
                start_response(status, headers)
                return [data]
            return list(self.app(environ, start_response))
        finally:
            if counted:
                service = _service_of(environ)
                with _lock:
                    _stats["requests"] += 1
                    _stats["by_service"][service] = _stats["by_service"].get(service, 0) + 1
                    _inflight["count"] -= 1
                    if _inflight["count"] == 0:
                        _stats["busy_seconds"] += time.monotonic() - _inflight["since"]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    _install_config_delivery_status()
    security_services.install()
    identity_plane.install()
    app = DomainDispatcherApplication(create_backend_app)
    run_simple(args.host, args.port, CborFront(app), threaded=True,
               request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()

"""Elasticsearch's API contract, offline: a real `elasticsearch.Elasticsearch`
whose requests are recorded as sent on the wire and answered by the test
(`recording_client`), and a check of those requests and of canned answers
against the API types of the official JavaScript client, with TypeScript's
compiler (`contract_errors`, `response_errors`).
"""

import json
import shutil
import subprocess
import tempfile
import threading
import urllib.parse
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport._node import NodeApiResponse  # what a node returns to the transport
from elasticsearch import Elasticsearch

NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"
TYPES = NODE_MODULES / "@elastic" / "elasticsearch" / "lib" / "api" / "types.d.ts"
TSC = NODE_MODULES / "typescript" / "bin" / "tsc"
# Where the recording client "connects": never resolved, never contacted.
URL = "http://elasticsearch.invalid:9200"
# What every answer carries, as from a real node: the client refuses a 2xx
# answer without the product header, and reads the body by its media type.
RESPONSE_HEADERS = {
    "content-type": "application/vnd.elasticsearch+json;compatible-with=9",
    "x-elastic-product": "Elasticsearch",
}
# Bulk action lines: the action, and the type of the line that follows it
# (None: no line follows; "": the project's own document, not checked here).
BULK_ACTIONS = {"index": "", "create": "", "update": "BulkUpdateAction", "delete": None}
# Endpoints whose whole body is one property of the JavaScript client's request type.
BODY_PROPERTY = {"index": "document", "create": "document"}


@dataclass(frozen=True)
class Request:
    """One HTTP request as the client sent it.

    `params` is the query string as on the wire (decoded text), `typed_params`
    the same parameters as the API method put them before writing them out;
    `body` is the wire body parsed back: a dict, the list of NDJSON lines
    (bulk), or None.
    """

    endpoint: str | None
    method: str
    path: str
    path_parts: dict
    params: dict
    typed_params: dict
    body: Any
    headers: dict


_CALLS = threading.local()  # the API call under way in this thread


class RecordingElasticsearch(Elasticsearch):
    """The official client, noting which API endpoint each request belongs to."""

    def perform_request(
        self,
        method,
        path,
        *,
        params=None,
        headers=None,
        body=None,
        endpoint_id=None,
        path_parts=None,
    ):
        outer = getattr(_CALLS, "current", None)
        _CALLS.current = (endpoint_id, dict(path_parts or {}), dict(params or {}))
        try:
            return super().perform_request(
                method,
                path,
                params=params,
                headers=headers,
                body=body,
                endpoint_id=endpoint_id,
                path_parts=path_parts,
            )
        finally:
            _CALLS.current = outer


class RecordingNode(BaseNode):
    """A node that records each request and hands the test's answer back to
    the transport as the raw bytes a server would send."""

    requests: list
    respond: Any

    def perform_request(self, method, target, body=None, headers=None, request_timeout=None):
        endpoint, path_parts, typed_params = getattr(_CALLS, "current", None) or (None, {}, {})
        path, _, query = target.partition("?")
        headers = dict(HttpHeaders(headers or {}))
        request = Request(
            endpoint=endpoint,
            method=method,
            path=path,
            path_parts=path_parts,
            params=dict(urllib.parse.parse_qsl(query, keep_blank_values=True)),
            typed_params=typed_params,
            body=_parse_body(body, headers.get("content-type", "")),
            headers=headers,
        )
        self.requests.append(request)
        status, answer, *headers = self.respond(request)
        if answer is None or method == "HEAD":
            raw = b""
        elif isinstance(answer, bytes):
            raw = answer
        elif isinstance(answer, str):
            raw = answer.encode()
        else:
            raw = json.dumps(answer).encode()
        meta = ApiResponseMeta(
            status=status,
            http_version="1.1",
            headers=HttpHeaders({**RESPONSE_HEADERS, **(headers[0] if headers else {})}),
            duration=0.0,
            node=self.config,
        )
        return NodeApiResponse(meta, raw)


def _parse_body(raw, content_type):
    if not raw:
        return None
    text = raw.decode("utf-8")
    if "ndjson" in content_type:
        # Only "\n" ends a line: a document's text may hold U+2028 or U+0085.
        return [json.loads(line) for line in text.split("\n") if line.strip()]
    return json.loads(text)


def recording_client(respond, **options):
    """(client, requests): a real client whose requests are appended to
    `requests` and answered by `respond(request) -> (status, body)` or
    (status, body, headers) (headers replacing or adding to RESPONSE_HEADERS).

    `options` go to `Elasticsearch(...)` (say, the engine's `max_retries`).
    `respond` may raise `elastic_transport.ConnectionError` or
    `ConnectionTimeout` to stand for a network failure.
    """
    requests = []
    node_class = type(
        "RecordingNode", (RecordingNode,), {"requests": requests, "respond": staticmethod(respond)}
    )
    client = RecordingElasticsearch(options.pop("hosts", URL), node_class=node_class, **options)
    return client, requests


def error(status, error_type, reason):
    """(status, body): an error answer shaped as Elasticsearch writes one."""
    cause = {"type": error_type, "reason": reason}
    return status, {"error": {"root_cause": [cause], **cause}, "status": status}


# The contract check ---------------------------------------------------------------


def type_name(endpoint, suffix):
    """'indices.update_aliases', 'Request' -> 'IndicesUpdateAliasesRequest'."""
    words = endpoint.replace(".", "_").split("_")
    return "".join(word[:1].upper() + word[1:] for word in words) + suffix


def contract_errors(requests):
    """The requests' departures from Elasticsearch's request types, one
    message per compiler diagnostic ([] when every request conforms)."""
    checks = []
    for number, request in enumerate(requests):
        label = f"request {number} {request.endpoint} ({request.method} {request.path})"
        if request.endpoint is None:
            checks.append((label, None, "no endpoint id (a raw perform_request call)"))
            continue
        fields = _typed({**request.path_parts, **request.typed_params})
        body = request.body
        if request.endpoint == "bulk":
            checks.append((label, type_name("bulk", "Request"), fields))
            checks.extend(_bulk_checks(label, body or []))
            continue
        if request.endpoint in BODY_PROPERTY and body is not None:
            body = {BODY_PROPERTY[request.endpoint]: body}
        if body is not None and not isinstance(body, dict):
            checks.append((label, None, f"a body of type {type(body).__name__} is not checked"))
            continue
        checks.append((label, type_name(request.endpoint, "Request"), {**fields, **(body or {})}))
    return _typecheck(checks)


def response_errors(responses):
    """The departures of canned answers [(endpoint_id, status, body)] from
    Elasticsearch's types: a 2xx body against the endpoint's response type,
    an error body against ErrorResponseBase. Bodiless answers are skipped."""
    checks = []
    for number, (endpoint, status, body) in enumerate(responses):
        if body is None:
            continue
        label = f"response {number} {endpoint} {status}"
        name = type_name(endpoint, "Response") if 200 <= status < 300 else "ErrorResponseBase"
        checks.append((label, name, body))
    return _typecheck(checks)


def _bulk_checks(label, lines):
    following = None
    for number, line in enumerate(lines):
        where = f"{label} line {number}"
        if following == "":
            following = None  # a document: the strict mapping checks it
            continue
        if following is not None:
            yield where, following, line
            following = None
            continue
        yield where, "BulkOperationContainer", line
        if isinstance(line, dict) and len(line) == 1:
            following = BULK_ACTIONS.get(next(iter(line)))


def _typed(value):
    """A query parameter's value as JSON data (dates as ISO text)."""
    if isinstance(value, dict):
        return {key: _typed(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_typed(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode()
    return value


class _Source:
    """A TypeScript file written one property or element per line, each line
    remembering which check and which key path it holds."""

    def __init__(self):
        self.lines = []
        self.places = {}  # line number (from 1) -> (check number, key path)

    def add(self, text, check, path):
        self.lines.append(text)
        self.places[len(self.lines)] = (check, path)

    def value(self, head, value, tail, check, path):
        if isinstance(value, dict) and value:
            self.add(head + "{", check, path)
            for key, item in value.items():
                self.value(f"{_literal(str(key))}: ", item, ",", check, [*path, str(key)])
            self.add("}" + tail, check, path)
        elif isinstance(value, list | tuple) and value:
            self.add(head + "[", check, path)
            for index, item in enumerate(value):
                self.value("", item, ",", check, [*path, index])
            self.add("]" + tail, check, path)
        else:
            self.add(head + _literal(value) + tail, check, path)


def _literal(value):
    """JSON as TypeScript source, without the two characters TypeScript counts
    as line ends inside strings (they would shift the line numbers)."""
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _key_path(path):
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(top level)"


def _typecheck(checks):
    """Type-check [(label, type name, value)] in one compiler run; a None type
    name is an error given as is (the value is its message)."""
    _require_tools()
    errors = [f"{label}: {value}" for label, name, value in checks if name is None]
    if len(errors) == len(checks):
        return errors
    source = _Source()
    source.add(f"import type * as estypes from {json.dumps(str(TYPES)[: -len('.d.ts')])};", -1, [])
    for number, (_label, name, value) in enumerate(checks):
        if name is not None:
            source.value(f"const c{number}: estypes.{name} = ", value, ";", number, [])
    source.add("export {};", -1, [])
    with tempfile.TemporaryDirectory(prefix="es-contract-") as folder:
        (Path(folder) / "checks.ts").write_text("\n".join(source.lines) + "\n")
        (Path(folder) / "tsconfig.json").write_text(json.dumps(TSCONFIG))
        result = subprocess.run(
            ["node", str(TSC), "-p", "."], cwd=folder, capture_output=True, text=True, timeout=120
        )
    diagnostics = _diagnostics(result.stdout)
    if (result.returncode != 0 and not diagnostics) or result.stderr.strip():
        raise RuntimeError(f"tsc failed ({result.returncode}): {result.stderr or result.stdout}")
    for line, message in diagnostics:
        check, path = source.places.get(line, (-1, []))
        if check < 0:
            raise RuntimeError(f"tsc: {message} (line {line} of the generated file)")
        errors.append(f"{checks[check][0]} at {_key_path(path)}: {message}")
    return errors


TSCONFIG = {
    "compilerOptions": {
        "strict": True,
        "noEmit": True,
        "skipLibCheck": True,
        "pretty": False,
        "target": "es2022",
        "lib": ["es2022"],
        "types": [],
        "module": "preserve",
        "moduleResolution": "bundler",
    },
    "files": ["checks.ts"],
}


def _diagnostics(output):
    """[(line, message)] from tsc's plain output (continuation lines joined)."""
    found = []
    for text in output.split("\n"):
        head, marker, message = text.partition("): error ")
        if marker and head.startswith("checks.ts("):
            line = int(head[len("checks.ts(") :].split(",")[0])
            found.append((line, message.strip()))
        elif found and text.strip():
            found[-1] = (found[-1][0], f"{found[-1][1]} {text.strip()}")
    return found


def _require_tools():
    """Fail, never skip, when Node or node_modules' compiler or types are missing."""
    if shutil.which("node") is None:
        raise RuntimeError("node is not on the PATH: `make node-modules` installs it")
    for needed in (TYPES, TSC):
        if not needed.exists():
            raise RuntimeError(f"{needed} is missing: `make node-modules` installs package.json")
    version = json.loads((TYPES.parents[2] / "package.json").read_text())["version"]
    if not version.startswith("9."):
        raise RuntimeError(f"@elastic/elasticsearch {version} installed, 9.x expected")

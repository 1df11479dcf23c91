"""What the Hugging Face Hub says about a model: files, sizes, sha256, URLs and headers.

The only module that imports huggingface_hub (an import-linter contract says
so). The bytes themselves are fetched by transfer.py, which resumes where
huggingface_hub would start over. The endpoint is read from HF_ENDPOINT on
every call, so a mirror set after start-up is honoured; so is a changed proxy. A token is passed
explicitly (or ``False``: no token read from disk behind the user's back), and
nothing here logs in.
"""

from __future__ import annotations

import importlib.metadata
import os
import threading
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from app.core import network_guard
from app.core.models.layout import safe_file_name
from app.core.models.token import redact
from app.core.network_reason import reason_of
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

DEFAULT_ENDPOINT = "https://huggingface.co"
OFFLINE_REFUSAL = Sentence(
    QT_TRANSLATE_NOOP(
        "core",
        "Lokal is in offline mode; turn it off in the model manager "
        "(or with `lokal models offline off`) to download models.",
    )
)
LOOKUP_TIMEOUT = 20.0


class HubError(Exception):
    """The Hub could not say what to download; str() is a sentence without secrets."""

    def __init__(self, message: str, *, needs_token: bool = False, kind: str = "error") -> None:
        super().__init__(message)
        #: the Hub asked for a (different) token: gated, private, or refused
        self.needs_token = needs_token
        #: "revision": the Hub no longer has the version asked for
        self.kind = kind


@dataclass(frozen=True)
class RemoteFile:
    name: str
    size: int
    sha256: str
    url: str


@dataclass(frozen=True)
class RemoteModel:
    repo: str
    commit: str
    files: tuple[RemoteFile, ...]

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)


def _hub() -> None:
    """Import huggingface_hub with its telemetry off: Lokal makes only the requests it needs
    (otherwise building the user agent fetches a registry from the Hub)."""
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    from huggingface_hub import constants

    constants.HF_HUB_DISABLE_TELEMETRY = True
    _follow_proxy_changes()


# The proxy settings huggingface_hub's HTTP client was made with (None: not made here yet).
_client_proxies: dict[str, str] | None = None
_client_lock = threading.Lock()


def _follow_proxy_changes() -> None:
    """huggingface_hub keeps one HTTP client, with the proxy settings of the moment it was
    made; when the system's proxy (the environment, or the system settings that
    ``urllib.request.getproxies`` reads, as that client does) has changed since, the client
    is closed, and the next request makes one with the proxy in use now."""
    global _client_proxies
    current = urllib.request.getproxies()
    with _client_lock:
        if current == _client_proxies:
            return
        from huggingface_hub.utils import close_session

        close_session()
        _client_proxies = current


def endpoint() -> str:
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def request_headers(token: str | None) -> dict[str, str]:
    """The headers the Hub expects (user agent; authorization when there is a token)."""
    _hub()
    from huggingface_hub.utils import build_hf_headers

    headers = build_hf_headers(
        token=token or False, library_name="lokal", library_version=_version()
    )
    headers["Accept-Encoding"] = "identity"  # sizes and ranges are of the file itself
    return headers


def _version() -> str:
    try:
        return importlib.metadata.version("lokal")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _refuse_if_offline() -> None:
    if network_guard.is_offline():
        raise HubError(OFFLINE_REFUSAL)


def _explain(exc: Exception, repo: str) -> Sentence:
    from huggingface_hub import errors

    if isinstance(exc, errors.GatedRepoError):
        return Sentence(
            QT_TRANSLATE_NOOP(
                "core",
                "%1 asks you to accept its terms on huggingface.co first; "
                "then add your Hugging Face token in Lokal.",
            ),
            repo,
        )
    if isinstance(exc, errors.RepositoryNotFoundError):
        return Sentence(
            QT_TRANSLATE_NOOP(
                "core", "The Hub has no model called %1 (or it is private and needs a token)."
            ),
            repo,
        )
    if isinstance(exc, errors.RevisionNotFoundError):
        return Sentence(QT_TRANSLATE_NOOP("core", "The Hub has no such version of %1."), repo)
    if isinstance(exc, errors.HfHubHTTPError):
        status = exc.response.status_code if exc.response is not None else None
        if status in (401, 403):
            return Sentence(
                QT_TRANSLATE_NOOP(
                    "core", "The Hub refused access to %1; check your Hugging Face token."
                ),
                repo,
            )
        if status == 429:
            return Sentence(
                QT_TRANSLATE_NOOP(
                    "core", "The Hub is limiting requests right now; try again in a few minutes."
                )
            )
        return Sentence(
            QT_TRANSLATE_NOOP(
                "core", "The Hub answered with an error (HTTP %1) for %2; try again later."
            ),
            str(status),
            repo,
        )
    if isinstance(exc, network_guard.OfflineError):
        return OFFLINE_REFUSAL
    # The OS's own words stay as a detail after a sentence of ours.
    detail = redact(str(exc)) or "-"
    return Sentence(
        QT_TRANSLATE_NOOP("core", "Could not reach the Hugging Face Hub at %1: %2. Details: %3"),
        endpoint(),
        reason_of(exc),
        detail,
    )


def _revision_gone(exc: Exception) -> bool:
    from huggingface_hub import errors

    return isinstance(exc, errors.RevisionNotFoundError)


def _needs_token(exc: Exception) -> bool:
    from huggingface_hub import errors

    if isinstance(exc, errors.GatedRepoError):
        return True
    response = getattr(exc, "response", None)
    return isinstance(exc, errors.HfHubHTTPError) and getattr(response, "status_code", 0) in (
        401,
        403,
    )


def lookup(
    repo: str,
    revision: str,
    wanted: Callable[[str], bool],
    token: str | None = None,
) -> RemoteModel:
    """The files of ``repo`` at ``revision`` that ``wanted`` selects, pinned to one commit.

    Every selected file must have a safe name and an LFS sha256 and size: Lokal
    installs nothing it cannot verify.
    """
    _refuse_if_offline()
    _hub()
    from huggingface_hub import HfApi, hf_hub_url

    base = endpoint()
    api = HfApi(
        endpoint=base, token=token or False, library_name="lokal", library_version=_version()
    )
    try:
        info = api.model_info(
            repo,
            revision=None if revision == "main" else revision,
            files_metadata=True,
            timeout=LOOKUP_TIMEOUT,
        )
    except Exception as exc:
        kind = "revision" if _revision_gone(exc) else "error"
        raise HubError(
            redact(_explain(exc, repo)), needs_token=_needs_token(exc), kind=kind
        ) from None
    commit = info.sha
    if not commit:
        raise HubError(
            Sentence(
                QT_TRANSLATE_NOOP("core", "The Hub did not say which version of %1 it has."), repo
            )
        )
    files = []
    for sibling in info.siblings or []:
        if not wanted(sibling.rfilename):
            continue
        name = safe_file_name(sibling.rfilename)
        lfs = sibling.lfs
        if lfs is None or not lfs.sha256 or not lfs.size:
            raise HubError(
                Sentence(
                    QT_TRANSLATE_NOOP(
                        "core",
                        "The Hub gave no checksum for %1; Lokal only installs files it can verify.",
                    ),
                    name,
                )
            )
        url = hf_hub_url(repo, name, revision=commit, endpoint=base)
        files.append(RemoteFile(name, int(lfs.size), lfs.sha256.lower(), url))
    if not files:
        raise HubError(
            Sentence(QT_TRANSLATE_NOOP("core", "%1 has no file that Lokal can use."), repo)
        )
    files.sort(key=lambda f: f.name)
    return RemoteModel(repo, commit, tuple(files))

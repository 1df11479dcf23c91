"""Reading a user's file in a child process that may run out of time or memory, not us.

Parsers of PDF and zip formats have been crashed, hung and blown up by
crafted files for decades. The extraction process gets a time limit (it is
killed when it passes it), an address-space limit (POSIX RLIMIT_AS, so a
decompression bomb fails an allocation instead of swapping the laptop to a
halt), a watch on its memory from this side (macOS does not enforce RLIMIT_AS
and Windows has none: the parent kills a reader whose memory passes the
limit) and a CPU-time limit as a backstop. Its answer comes back as JSON of
bounded size: never pickle, which would run code a subverted child chose.

``extract_file`` blocks its caller (a worker thread, or the CLI) for as long
as the extraction takes, polling a cancel flag and the reader's memory ten
times a second.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import json
import multiprocessing
import os
import signal
import stat
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from app.core.child_launcher import spawn_context
from app.core.documents.model import ExtractedDocument, ExtractionError, Limits, describe_size
from app.core.documents.process_memory import resident_bytes
from app.core.documents.safe_open import check_size, link_loop, not_a_file, not_opened
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence, from_json, message_of, to_json

_POLL_S = 0.1
_REPLY_BYTES_PER_CHAR = 4  # UTF-8 takes up to four bytes a character


class ExtractionCancelled(Exception):
    """The caller withdrew the file before it was read."""


def extract_file(
    path: Path,
    limits: Limits | None = None,
    *,
    cancelled: Callable[[], bool] = lambda: False,
) -> ExtractedDocument:
    """The document in ``path``, read in a child process; ExtractionError says why not."""
    limits = limits or Limits()
    _precheck(path, limits)
    context = spawn_context()
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(
        target=child_main,
        args=(sender, os.fspath(path), dataclasses.asdict(limits)),
        name="lokal-extract",
        daemon=True,
    )
    process.start()
    sender.close()
    try:
        reply = _wait(process, receiver, path.name, limits, cancelled)
    finally:
        receiver.close()
        if process.is_alive():
            process.kill()
        process.join(timeout=5)
    garbled = Sentence(
        QT_TRANSLATE_NOOP("core", "%1 could not be read (the reader's answer was garbled)."),
        path.name,
    )
    if "error" in reply:
        try:
            message = from_json(reply["error"])
        except ValueError:
            message = garbled
        raise ExtractionError(message)
    try:
        return ExtractedDocument.from_json(reply["document"])
    except (KeyError, TypeError, ValueError):
        raise ExtractionError(garbled) from None


def _precheck(path: Path, limits: Limits) -> None:
    """Refuse at once what a stat shows (no child needed); the child checks again on open."""
    name = path.name or str(path)
    try:
        info = path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ExtractionError(link_loop(name)) from None
        if exc.errno == errno.ENOENT:
            raise ExtractionError(
                Sentence(
                    QT_TRANSLATE_NOOP("core", "%1 does not exist (or is a link to nothing)."), name
                )
            ) from None
        raise ExtractionError(not_opened(name, exc)) from None
    if not stat.S_ISREG(info.st_mode):
        raise ExtractionError(not_a_file(name, info.st_mode))
    check_size(name, info.st_size, limits.max_input_bytes)


def _wait(
    process: multiprocessing.process.BaseProcess,
    receiver: Connection,
    name: str,
    limits: Limits,
    cancelled: Callable[[], bool],
) -> dict[str, Any]:
    deadline = time.monotonic() + limits.max_seconds
    max_reply = limits.max_output_chars * _REPLY_BYTES_PER_CHAR + 64 * 1024
    while True:
        if receiver.poll(_POLL_S):
            try:
                data = receiver.recv_bytes(max_reply)
            except (EOFError, OSError) as exc:
                # multiprocessing says "bad message length" when an answer passes
                # max_reply: more than the text cap allows, e.g. thousands of nearly
                # empty pages that each carry their page number.
                if "message length" not in str(exc):
                    break  # died without answering: see below
                process.kill()
                raise ExtractionError(
                    Sentence(
                        QT_TRANSLATE_NOOP(
                            "core", "%1 holds more text than Lokal takes from one file."
                        ),
                        name,
                    )
                ) from None
            reply = json.loads(data)
            if not isinstance(reply, dict):
                break
            return reply
        if cancelled():
            raise ExtractionCancelled(name)
        used = resident_bytes(process.pid) if process.pid is not None else None
        if used is not None and used > limits.max_memory_bytes:
            # Where RLIMIT_AS holds (Linux) it stops an allocation first; on macOS
            # and Windows this is the memory limit, a tick late at most.
            process.kill()
            raise ExtractionError(
                Sentence(
                    QT_TRANSLATE_NOOP(
                        "core",
                        "Reading %1 needed more than the %2 of memory Lokal allows, so Lokal "
                        "stopped it (the file may be damaged or a decompression bomb).",
                    ),
                    name,
                    describe_size(limits.max_memory_bytes),
                )
            )
        if not process.is_alive() and not receiver.poll(0):
            break
        if time.monotonic() > deadline:
            process.kill()
            raise ExtractionError(_too_slow(name, limits))
    process.join(timeout=5)
    raise ExtractionError(_death_message(name, process.exitcode, limits))


def _too_slow(name: str, limits: Limits) -> Sentence:
    return Sentence(
        QT_TRANSLATE_NOOP(
            "core",
            "%1 took longer than %2 seconds to read, so Lokal stopped (the file may be "
            "damaged or built to stall readers).",
        ),
        name,
        f"{limits.max_seconds:g}",
    )


def _death_message(name: str, exitcode: int | None, limits: Limits) -> Sentence:
    if exitcode == -getattr(signal, "SIGXCPU", -1000):
        return _too_slow(name, limits)
    if exitcode is not None and exitcode > 0:
        return Sentence(
            QT_TRANSLATE_NOOP("core", "The reader stopped before it finished %1 (exit code %2)."),
            name,
            str(exitcode),
        )
    return Sentence(
        QT_TRANSLATE_NOOP(
            "core",
            "Reading %1 needed more than the %2 of memory Lokal allows, or crashed the reader "
            "(the file may be damaged or a decompression bomb).",
        ),
        name,
        describe_size(limits.max_memory_bytes),
    )


# --- the child process --------------------------------------------------------------


def child_main(sender: Connection, path: str, limits_json: dict[str, Any]) -> None:
    """Entry point of the extraction process: one file, one answer, exit."""
    with contextlib.suppress(ValueError, OSError):  # not in the main thread, or not POSIX
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C belongs to the parent
    limits = Limits(**limits_json)
    _limit_resources(limits)
    name = Path(path).name
    try:
        from app.core.documents.extract import extract_file as extract_in_process

        document = extract_in_process(Path(path), limits)
        reply: dict[str, Any] = {"document": document.to_json()}
    except ExtractionError as exc:
        reply = {"error": to_json(message_of(exc))}
    except MemoryError:
        reply = {"error": to_json(_death_message(name, None, limits))}
    except RecursionError:
        nested = QT_TRANSLATE_NOOP(
            "core", "%1 is nested too deeply to read (the file may be damaged)."
        )
        reply = {"error": to_json(Sentence(nested, name))}
    except Exception as exc:  # a parser's bug must still end in a sentence
        detail = str(exc)[:400] or "an internal error of its reader"
        reply = {
            "error": to_json(
                Sentence(QT_TRANSLATE_NOOP("core", "%1 could not be read (%2)."), name, detail)
            )
        }
    try:
        data = json.dumps(reply, ensure_ascii=False).encode("utf-8", "replace")
    except MemoryError:
        data = json.dumps({"error": to_json(_death_message(name, None, limits))}).encode()
    with contextlib.suppress(OSError):  # the parent stopped listening (too long an answer)
        sender.send_bytes(data)
    sender.close()


def _limit_resources(limits: Limits) -> None:
    try:
        import resource
    except ImportError:  # Windows: the parent's time limit still holds
        return
    # Address space: an allocation past it fails (MemoryError, or pdfium gives up).
    if limits.limit_address_space:
        _lower(resource, resource.RLIMIT_AS, limits.max_memory_bytes, hard_too=True)
    # CPU seconds: SIGXCPU if the parent's timer somehow did not fire.
    _lower(resource, resource.RLIMIT_CPU, int(limits.max_seconds) + 5, hard_too=False)


def _lower(resource: Any, which: int, value: int, *, hard_too: bool) -> None:
    _soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(which, (value, value if hard_too else hard))

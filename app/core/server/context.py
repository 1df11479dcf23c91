"""What every endpoint shares: the engine gateway, the limits, the served model's name."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from starlette.requests import Request

from app.core.server.errors import ApiError, from_validation
from app.core.server.guard import BodyTooLarge, too_large
from app.core.server.jobs import EngineGateway
from app.core.server.limits import Limits
from app.core.server.responses_store import ResponseStore

M = TypeVar("M", bound=BaseModel)


@dataclass
class ServerContext:
    gateway: EngineGateway
    limits: Limits = field(default_factory=Limits)
    # The name clients use for the loaded model (an installed model's name); "" means
    # the file's stem.
    model_name: str = ""
    # Other installed models for /v1/models: (id, created unix time).
    installed: list[tuple[str, int]] = field(default_factory=list)
    responses_store: ResponseStore | None = None  # None: nothing is stored

    @property
    def model_id(self) -> str:
        model = self.gateway.port.model
        if model is None:
            return ""
        return self.model_name or Path(model.model_path).stem

    @property
    def n_ctx(self) -> int | None:
        model = self.gateway.port.model
        return model.n_ctx if model is not None else None

    def check_model(self, asked: str) -> None:
        if self.gateway.port.model is None:
            raise ApiError(503, "No model is loaded.", code="model_not_loaded")
        path = Path(self.gateway.port.model.model_path)
        if asked not in (self.model_id, path.stem, path.name):
            raise ApiError(
                404,
                f"The model '{asked}' is not served here; this server answers with "
                f"'{self.model_id}'.",
                param="model",
                code="model_not_found",
            )


async def read_body(request: Request, model: type[M]) -> M:
    try:
        raw = await request.body()
    except BodyTooLarge:
        raise too_large() from None
    try:
        data = json.loads(raw)
    except ValueError:
        raise ApiError(400, "The request body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise ApiError(400, "The request body must be a JSON object.")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise from_validation(exc) from None

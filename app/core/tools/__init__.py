"""Tools the model may call: MCP servers and the built-in browser and python tools.

``ToolHost`` knows nothing of the engine: it starts servers, lists their tools
and runs one call at a time for whoever asks (the turn loop, ``lokal tools``).
"""

from app.core.tools.config import ServerConfig, ToolsConfig, load_config, save_config
from app.core.tools.host import HostTool, ServerState, ServerStatus, ToolHost
from app.core.tools.results import ToolResult

__all__ = [
    "HostTool",
    "ServerConfig",
    "ServerState",
    "ServerStatus",
    "ToolHost",
    "ToolResult",
    "ToolsConfig",
    "load_config",
    "save_config",
]

"""JSON Schema -> the TypeScript-like tool declarations harmony puts in prompts.

The model was trained on the reference renderer's exact output, quirks included
(e.g. array-of-oneOf spelling, descriptions deduplicated only against the first
variant), so this follows ``json_schema_to_typescript`` and ``template_tools_section``
of openai/harmony ``src/encoding.rs`` branch for branch rather than "fixing" them.
Schema values are JSON data: anything that is not the expected JSON type is treated
the way serde_json's ``Value::get``/``as_str`` would treat it (as absent).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .jsoncompat import dumps
from .messages import ToolNamespace


def _get(schema: Any, key: str) -> Any:
    # serde_json's Value::get: only objects have keys.
    return schema.get(key) if isinstance(schema, dict) else None


def _has(schema: Any, key: str) -> bool:
    # serde_json's ``get(key).is_some()``: true even when the value is JSON null.
    return isinstance(schema, dict) and key in schema


def _get_str(schema: Any, key: str) -> str | None:
    value = _get(schema, key)
    return value if isinstance(value, str) else None


def _is_enum(schema: Any) -> bool:
    values = _get(schema, "enum")
    return isinstance(values, list) and len(values) > 0


def _is_nullable(schema: Any) -> bool:
    return _get(schema, "nullable") is True


def _default_text(schema: Any, default: Any, *, bare_enum_string: bool) -> str:
    """The text after ``default: ``.

    Strings are quoted without escaping unless the schema is an enum. The property
    level prints enum strings bare; the top-level ``oneOf`` branch JSON-quotes them.
    """
    if isinstance(default, str) and not _is_enum(schema):
        return f'"{default}"'
    if isinstance(default, str) and bare_enum_string:
        return default
    return dumps(default)


def _with_null(schema: Any, type_str: str) -> str:
    if _is_nullable(schema) and "null" not in type_str:
        return f"{type_str} | null"
    return type_str


def schema_to_typescript(schema: Any, indent: str = "") -> str:
    """Render a JSON schema as a TypeScript-like type, as the reference does."""
    one_of = _get(schema, "oneOf")
    if isinstance(one_of, list):
        out = ""
        for variant in one_of:
            out += f"\n{indent} | "
            out += _with_null(variant, schema_to_typescript(variant, f"{indent}   "))
            trailing: list[str] = []
            description = _get_str(variant, "description")
            if description is not None:
                trailing.append(description)
            if _has(variant, "default"):
                default = _default_text(variant, variant["default"], bare_enum_string=False)
                trailing.append(f"default: {default}")
            if trailing:
                out += " // " + " ".join(trailing)
        return out

    type_value = _get(schema, "type")
    if isinstance(type_value, list):
        names = ["number" if t == "integer" else t for t in type_value if isinstance(t, str)]
        if names:
            return " | ".join(names)
    if not isinstance(type_value, str):
        return "any"
    if type_value == "object":
        return _object_to_typescript(schema, indent)
    if type_value == "string":
        values = _get(schema, "enum")
        if isinstance(values, list):
            quoted = [f'"{v}"' for v in values if isinstance(v, str)]
            if quoted:
                return " | ".join(quoted)
        return "string"
    if type_value in ("number", "integer"):
        return "number"
    if type_value == "boolean":
        return "boolean"
    if type_value == "array":
        if _has(schema, "items"):
            return f"{schema_to_typescript(schema['items'], indent)}[]"
        return "Array<any>"
    return "any"


def _object_to_typescript(schema: dict[str, Any], indent: str) -> str:
    out = ""
    description = _get_str(schema, "description")
    if description is not None:
        out += f"{indent}// {description}\n"
    out += "{\n"
    properties = _get(schema, "properties")
    if isinstance(properties, dict):
        required_value = _get(schema, "required")
        required = (
            {r for r in required_value if isinstance(r, str)}
            if isinstance(required_value, list)
            else set()
        )
        for key, value in properties.items():
            out += _property_to_typescript(key, value, key in required, indent)
    out += f"{indent}}}"
    return out


def _property_to_typescript(key: str, value: Any, required: bool, indent: str) -> str:
    out = ""
    optional = "" if required else "?"
    title = _get_str(value, "title")
    if title is not None:
        out += f"{indent}// {title}\n{indent}//\n"
    has_one_of = _has(value, "oneOf")
    description = _get_str(value, "description")
    if not has_one_of and description is not None:
        out += f"{indent}// {description}\n"
    examples = _get(value, "examples")
    if isinstance(examples, list) and examples:
        out += f"{indent}// Examples:\n"
        for example in examples:
            if isinstance(example, str):
                out += f'{indent}// - "{example}"\n'

    one_of = _get(value, "oneOf")
    if isinstance(one_of, list):
        return out + _one_of_property(key, value, one_of, optional, indent)

    type_str = _with_null(value, schema_to_typescript(value, f"{indent}    "))
    out += f"{indent}{key}{optional}: {type_str},"
    if not has_one_of and _has(value, "default"):
        out += f" // default: {_default_text(value, value['default'], bare_enum_string=True)}"
    return out + "\n"


def _one_of_property(
    key: str, value: dict[str, Any], variants: list[Any], optional: str, indent: str
) -> str:
    out = ""
    property_desc = _get_str(value, "description")
    # The property description is dropped when it repeats the first variant's.
    skip_property_desc = (
        property_desc is not None
        and bool(variants)
        and _get_str(variants[0], "description") == property_desc
    )
    rendered_desc_above = False
    if not skip_property_desc and property_desc is not None:
        out += f"{indent}// {property_desc}\n"
        rendered_desc_above = True
    if "default" in value:
        default = _default_text(value, value["default"], bare_enum_string=True)
        out += f"{indent}// default: {default}\n"
    out += f"{indent}{key}{optional}:\n"
    for index, variant in enumerate(variants):
        out += f"{indent} | "
        out += _with_null(variant, schema_to_typescript(variant, f"{indent}   "))
        trailing: list[str] = []
        variant_desc = _get_str(variant, "description")
        # The first variant's description is skipped when the property's was printed
        # above; any variant repeating the property description is skipped too.
        if (
            not (index == 0 and rendered_desc_above)
            and variant_desc is not None
            and variant_desc != property_desc
        ):
            trailing.append(variant_desc)
        if _has(variant, "default"):
            default = _default_text(variant, variant["default"], bare_enum_string=True)
            trailing.append(f"default: {default}")
        if trailing:
            out += " // " + " ".join(trailing)
        out += "\n"
    return out + f"{indent},\n"


def rust_lines(text: str) -> list[str]:
    """Split like Rust's ``str::lines``: on ``\\n``, dropping one ``\\r`` and a final empty."""
    if not text:
        return []
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def render_tools_section(namespaces: Iterable[ToolNamespace]) -> str:
    """The ``# Tools`` section listing each namespace, as the reference templates it."""
    sections = ["# Tools"]
    for namespace in namespaces:
        parts = [f"## {namespace.name}\n"]
        if namespace.description is not None:
            # Namespaces without tools (e.g. python) carry prose, not comments.
            prefix = "// " if namespace.tools else ""
            parts.extend(prefix + line for line in rust_lines(namespace.description))
        if namespace.tools:
            parts.append(f"namespace {namespace.name} {{\n")
            for tool in namespace.tools:
                parts.extend(f"// {line}" for line in rust_lines(tool.description))
                if tool.parameters is not None:
                    params = schema_to_typescript(tool.parameters, "")
                    parts.append(f"type {tool.name} = (_: {params}) => any;\n")
                else:
                    parts.append(f"type {tool.name} = () => any;\n")
            parts.append(f"}} // namespace {namespace.name}")
        sections.append("\n".join(parts))
    return "\n\n".join(sections)

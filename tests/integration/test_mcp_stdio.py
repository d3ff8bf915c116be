"""``adstudio mcp``: the MCP server as a subprocess on stdin/stdout."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import anyio
from mcp import Client, StdioServerParameters

from tests.paths import ROOT


def test_adstudio_mcp_serves_the_tools_over_stdio(tmp_path: Path) -> None:
    env = {
        **os.environ, "ADSTUDIO_DATA_DIR": str(tmp_path / "data"), "ADSTUDIO_ENGINE": "local",
    }
    params = StdioServerParameters(
        command=sys.executable, args=["-m", "cli.app", "mcp", "--tenant", "acme"],
        env=env, cwd=str(ROOT),
    )

    async def main() -> tuple[list[str], str]:
        async with Client(params) as client:
            tools = await client.list_tools()
            formats = await client.call_tool("list_creative_formats", {"name_search": "story"})
            return [tool.name for tool in tools.tools], formats.content[0].text  # type: ignore[union-attr]

    names, formats = anyio.run(main)

    assert {"generate_ad_images", "upload_image", "list_creative_formats"} <= set(names)
    assert "story" in formats
    assert (tmp_path / "data").is_dir()

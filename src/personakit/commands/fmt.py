"""`personakit fmt [PATH...] [--check]`."""

from __future__ import annotations

from pathlib import Path

from ..errors import WorkspaceError


def _targets(root: Path, paths: list[str]) -> list[tuple[Path, str]]:
    from ..workspace import CONFIG_NAME

    everything: list[tuple[Path, str]] = [(root / CONFIG_NAME, "config")]
    for folder, kind in (("personas", "persona"), ("journeys", "journey")):
        base = root / folder
        if base.is_dir():
            everything += [
                (p, kind)
                for p in sorted(base.iterdir())
                if p.suffix in (".yaml", ".yml") and not p.name.startswith(".")
            ]
    if not paths:
        return everything
    chosen = []
    for raw in paths:
        target = Path(raw).resolve()
        if not target.exists():
            raise WorkspaceError("no such file or folder", raw)
        matches = [(p, k) for p, k in everything if p == target or target in p.parents]
        if not matches:
            raise WorkspaceError("not a persona, journey or config file personakit formats", raw)
        chosen += [m for m in matches if m not in chosen]
    return chosen


def run(root: Path | None, paths: list[str], check: bool) -> int:
    from ..formatter import format_yaml
    from ..scaffold.files import replace_file
    from ..workspace import find_root

    base = root.resolve() if root else find_root(Path.cwd())
    changed: list[str] = []
    for path, kind in _targets(base, paths):
        rel = path.relative_to(base).as_posix()
        text = path.read_text(encoding="utf-8")
        formatted = format_yaml(text, kind, rel)
        if formatted != text:
            changed.append(rel)
            if not check:
                replace_file(path, formatted)
    for rel in changed:
        print(f"{'would reformat' if check else 'reformatted'} {rel}")
    if check:
        print(
            f"{len(changed)} file(s) would be reformatted."
            if changed
            else "All files are formatted."
        )
        return 1 if changed else 0
    print(
        f"{len(changed)} file(s) reformatted." if changed else "All files were already formatted."
    )
    return 0

# Sourced by scripts/run and scripts/test: make .venv hold this project with the given extras.
# Installs only when .venv is new, pyproject.toml (dependencies, entry points) changed, or an
# extra is asked for that is not installed yet, so a complete .venv starts without the network.
# The package is installed in editable mode: changes to the code itself need no reinstall.
ensure_venv() {
  extras=$1  # e.g. "test,postgres" or ""
  py=${PYTHON:-python3}
  [ -x .venv/bin/python ] || "$py" -m venv .venv
  if .venv/bin/python scripts/install_stamp.py check "$extras" && [ -x .venv/bin/monitor ]; then
    return 0
  fi
  all=$(.venv/bin/python scripts/install_stamp.py union "$extras")
  echo "installing kamervragen-monitor${all:+[$all]} into .venv (new .venv or pyproject.toml changed)" >&2
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${all:+[$all]}"
  .venv/bin/python scripts/install_stamp.py write "$all"
}

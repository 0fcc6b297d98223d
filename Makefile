# The two commands of the README:
#   make demo   the main job on an embedded default (bundled example mails, no mailbox account)
#   make test   the whole suite, installing what it needs (Python packages, Dovecot) when missing
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: demo test setup system-deps bench

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e '.[test]'
	touch $@

setup: $(VENV)/.installed

system-deps:
	@command -v dovecot >/dev/null 2>&1 || test -x /usr/sbin/dovecot || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd >/dev/null; \
	  else echo "Dovecot missing: run 'sudo apt-get install dovecot-imapd'"; exit 1; fi; }

demo: setup
	$(VENV)/bin/fabrique-intake demo

test: setup system-deps
	$(PY) -m pytest -q

bench: setup system-deps
	$(PY) benchmarks/run.py

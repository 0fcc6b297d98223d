# The two commands of the README:
#   make demo   the main job on an embedded default (bundled example mails, no mailbox account)
#   make test   the whole suite, installing what it needs (Python packages; Dovecot, Tesseract, LibreOffice,
#               Chromium from Debian) when missing
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

# Debian packages: Dovecot for the suite's IMAP server; Tesseract (French) to read scans and
# LibreOffice (no GUI) to read Word 97 and RTF documents, in the extraction workers, and to check
# how the committee's spreadsheet prints; Chromium for the suite's browser tests (digest, web pages).
DEB_PACKAGES := dovecot-imapd tesseract-ocr tesseract-ocr-fra libreoffice-writer-nogui libreoffice-calc-nogui chromium
DEB_PROBES := /usr/sbin/dovecot /usr/bin/tesseract /usr/share/tesseract-ocr/5/tessdata/fra.traineddata /usr/bin/soffice \
  /usr/lib/libreoffice/program/libsclo.so /usr/bin/chromium

system-deps:
	@missing=0; for f in $(DEB_PROBES); do test -e $$f || missing=1; done; \
	if [ $$missing = 1 ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(DEB_PACKAGES) >/dev/null; \
	  else echo "Missing Debian packages: run 'sudo apt-get install $(DEB_PACKAGES)'"; exit 1; fi; fi

demo: setup system-deps
	$(VENV)/bin/fabrique-intake demo

# Two test processes, each taking whole files (a module's tests share one server and run in order).
test: setup system-deps
	$(PY) -m pytest -q -n 2 --dist loadfile

bench: setup system-deps
	$(PY) benchmarks/run.py

# shellcheck shell=bash
# go-env.sh: the Go toolchain mpsim is built, linted and tested with. Sourced
# by the scripts that run go (the Makefile reads PROJECT_GOTOOLCHAIN from here
# too); the one place to change it.
#
# The machine's Go stays the installed Go 1.26 (/usr/local/go, as
# install-deps.sh requires); its go command fetches the toolchain named here
# from the Go module proxy (golang.org/toolchain, about 76 MB, once per
# machine, kept in the module cache) and runs it, for every go command of the
# build, the linters and the tests (go test puts that toolchain's bin first on
# the tests' PATH). Go 1.27.3 because govulncheck (scripts/lint.sh) reported
# called vulnerabilities in Go 1.26.8's standard library (net/http,
# crypto/tls, crypto/x509, mime/multipart, html/template) that it fixes.
#
# GOTOOLCHAIN set in the environment wins (GOTOOLCHAIN=local builds with the
# installed Go itself); install-deps.sh prints which toolchain is in use.
PROJECT_GOTOOLCHAIN=go1.27.3
case ":$PATH:" in
*:/usr/local/go/bin:*) ;;
*) PATH=$PATH:/usr/local/go/bin ;;
esac
export PATH
export GOTOOLCHAIN=${GOTOOLCHAIN:-$PROJECT_GOTOOLCHAIN}

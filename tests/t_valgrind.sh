# The main conversions under valgrind: no invalid access, no leak.
# Sourced by run.sh.

vg="$T/vg"
mkdir -p "$vg/in"
if [ -n "${SANITIZED:-}" ]; then
	# A sanitizer build cannot run under valgrind; the plain build does.
	echo "t_valgrind: not run on a sanitizer build (make check runs it)" >&2
elif ! command -v valgrind > /dev/null 2>&1; then
	bad "valgrind" "not installed"
else
	cp samples/http_requests.ndjson samples/dns_logs.ndjson "$vg/in/"
	gzip -n -c samples/firewall_events.ndjson > "$vg/in/fw.log.gz"
	(cd "$vg/in" && tar -czf ../in.tgz . && zip -q -r ../in.zip .)
	{ cat samples/dns_logs.ndjson; echo '{"bad":'; echo '[1]'; } > "$vg/bad.ndjson"
	for args in "-j 1 -r samples" "-j 2 -r samples" "$vg/in.tgz" "$vg/in.zip" \
	    "--bulk x-%Y --id-field event.id -r $vg/in" "--check -r $vg/in" \
	    "-z -o $vg/o.gz -r $vg/in" "--stats --rejects $vg/rej $vg/bad.ndjson" \
	    "--state $vg/state -r $vg/in" "-f source.*,cloudflare.RayID -r $vg/in"; do
		set +e
		# shellcheck disable=SC2086
		valgrind -q --error-exitcode=99 --leak-check=full \
		    --errors-for-leak-kinds=definite,indirect \
		    "$CFECS_BIN" $args > /dev/null 2> "$vg/log"
		rc=$?
		set -e
		if [ "$rc" -ne 99 ] && ! grep -q '^==[0-9]*==' "$vg/log"; then
			ok "valgrind: cfecs $args"
		else
			bad "valgrind: cfecs $args" "$(grep '^==' "$vg/log" | head -n 8)"
		fi
	done
fi

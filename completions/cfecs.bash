# bash completion for cfecs(1)                             -*- shell-script -*-
#
# Install as /usr/share/bash-completion/completions/cfecs (or anywhere
# bash-completion looks), or source it from ~/.bashrc.  Dataset names
# come from "cfecs --list-datasets" of the cfecs being completed.

# The cfecs on the command line (./cfecs, ~/bin/cfecs), else the one on PATH.
_cfecs_cmd()
{
	local cmd=${COMP_WORDS[0]}

	[[ $cmd == "~/"* ]] && cmd=$HOME/${cmd#"~/"}
	command -v -- "$cmd" >/dev/null 2>&1 || cmd=cfecs
	printf '%s\n' "$cmd"
}

# Dataset names (first column of --list-datasets) starting with $1.
_cfecs_datasets()
{
	local cmd names

	cmd=$(_cfecs_cmd)
	names=$("$cmd" --list-datasets 2>/dev/null | cut -f1 | sort -u)
	compgen -W "$names" -- "$1"
}

_cfecs_files()
{
	local IFS=$'\n'

	compopt -o filenames 2>/dev/null
	COMPREPLY=($(compgen -f -- "$1"))
}

_cfecs()
{
	local cur prev pre= i IFS=$' \t\n'

	_cfecs_complete
	# the word was "--opt=value" as a whole: keep "--opt=" in front
	[[ -n $pre ]] && COMPREPLY=("${COMPREPLY[@]/#/$pre}")
	return 0
}

_cfecs_complete()
{
	local opts

	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}

	# --opt=value: readline splits the word at "=" (COMP_WORDBREAKS)
	if [[ $cur == = && $prev == --* ]]; then
		cur=
	elif [[ $prev == = ]] && ((COMP_CWORD >= 2)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $cur == --*=* ]]; then
		pre=${cur%%=*}=
		prev=${cur%%=*}
		cur=${cur#*=}
	fi

	# after "--" every word is an operand
	for ((i = 1; i < COMP_CWORD; i++)); do
		if [[ ${COMP_WORDS[i]} == -- ]]; then
			_cfecs_files "$cur"
			return 0
		fi
	done

	case $prev in
	-d | --dataset | --print-fields)
		COMPREPLY=($(_cfecs_datasets "$cur"))
		return 0
		;;
	-o | --output | --rejects | --state | --geoip | --ioc | --rules | \
	    --ua-regexes | --report)
		_cfecs_files "$cur"
		return 0
		;;
	--time-precision)
		COMPREPLY=($(compgen -W 's ms us ns' -- "$cur"))
		return 0
		;;
	--min-level)
		COMPREPLY=($(compgen -W 'informational low medium high critical' \
		    -- "$cur"))
		return 0
		;;
	--time-format)
		COMPREPLY=($(compgen -W 'auto unixnano unix unixms rfc3339' \
		    -- "$cur"))
		return 0
		;;
	--bulk-op)
		COMPREPLY=($(compgen -W 'index create' -- "$cur"))
		return 0
		;;
	-f | --fields | --exclude | --ecs-version | --max-record-size | \
	    --bulk | --id-field | -j | --jobs | --level | --from | --to | \
	    --correlation-memory)
		return 0	# free-form argument
		;;
	esac

	case $cur in
	-d?*)	# -dNAME
		COMPREPLY=($(_cfecs_datasets "${cur#-d}"))
		COMPREPLY=("${COMPREPLY[@]/#/-d}")
		;;
	-o?*)	# -oFILE
		_cfecs_files "${cur#-o}"
		COMPREPLY=("${COMPREPLY[@]/#/-o}")
		;;
	-*)
		opts='-d --dataset -f --fields --exclude --no-passthrough --no-provenance
		    --original --ecs-version -r --recursive -o --output
		    -z --gzip --time-precision --time-format --keep-empty
		    --max-record-size --rejects --strict --stats
		    --list-datasets --print-fields --bulk --bulk-op --id-field --check
		    --print-template --data-stream --opensearch
		    --state --geoip --ioc --ioc-any-time --no-enrich --ua-regexes -j --jobs -q --quiet -v --verbose -h --help
		    -V --version --rules --logsource --detect --alerts --list-rules --level
		    --min-level --include-deprecated --correlation-memory --from
		    --to --summary --report --'
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		;;
	*)
		_cfecs_files "$cur"
		;;
	esac
	return 0
}

complete -F _cfecs cfecs

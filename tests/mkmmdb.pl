#!/usr/bin/perl
# mkmmdb.pl: write small MaxMind DB files for the GeoIP tests, in the
# shape of GeoLite2 City, GeoLite2 Country and GeoLite2 ASN, with made-up
# data on documentation networks (RFC 5737, RFC 3849).
#
#	perl tests/mkmmdb.pl city|country|asn|ipv4city OUT.mmdb
use strict;
use utf8;
use warnings;
use MaxMind::DB::Writer::Tree;

my ($kind, $out) = @ARGV;
die "usage: mkmmdb.pl city|country|asn|ipv4city OUT\n" unless defined $out;

my %types = (
	city				=> 'map',
	continent			=> 'map',
	country				=> 'map',
	registered_country		=> 'map',
	location			=> 'map',
	postal				=> 'map',
	subdivisions			=> ['array', 'map'],
	names				=> 'map',
	en				=> 'utf8_string',
	de				=> 'utf8_string',
	code				=> 'utf8_string',
	iso_code			=> 'utf8_string',
	geoname_id			=> 'uint32',
	latitude			=> 'double',
	longitude			=> 'double',
	accuracy_radius			=> 'uint16',
	time_zone			=> 'utf8_string',
	autonomous_system_number	=> 'uint32',
	autonomous_system_organization	=> 'utf8_string',
);

sub place {
	my ($city, $cc, $country, $cont, $contname, $sub, $subname, $postal,
	    $lat, $lon, $tz) = @_;
	my %r = (
		continent => { code => $cont, geoname_id => 1,
		    names => { en => $contname } },
		country => { iso_code => $cc, geoname_id => 2,
		    names => { en => $country, de => "de:$country" } },
		registered_country => { iso_code => $cc, geoname_id => 2,
		    names => { en => $country } },
	);
	return \%r if $kind eq 'country';
	$r{city} = { geoname_id => 3, names => { en => $city } } if $city;
	$r{subdivisions} = [ { iso_code => $sub, geoname_id => 4,
	    names => { en => $subname } } ] if $sub;
	$r{postal} = { code => $postal } if $postal;
	$r{location} = { latitude => $lat, longitude => $lon,
	    accuracy_radius => 20, time_zone => $tz };
	return \%r;
}

my $v4only = $kind eq 'ipv4city';
$kind = 'city' if $v4only;
my $tree = MaxMind::DB::Writer::Tree->new(
	ip_version		=> $v4only ? 4 : 6,
	record_size		=> 28,
	database_type		=> $kind eq 'asn' ? 'GeoLite2-ASN' :
	    $kind eq 'country' ? 'GeoLite2-Country' : 'GeoLite2-City',
	languages		=> ['en'],
	description		=> { en => "cfecs test $kind database" },
	map_key_type_callback	=> sub { $types{ $_[0] } },
	remove_reserved_networks => 0,
	alias_ipv6_to_ipv4	=> !$v4only,
);

if ($kind eq 'asn') {
	$tree->insert_network('192.0.2.0/24', {
	    autonomous_system_number => 64500,
	    autonomous_system_organization => "Example Transit \"One\"" });
	$tree->insert_network('198.51.100.0/24', {
	    autonomous_system_number => 64501,
	    autonomous_system_organization => 'Exämple Net' });
	# AS 0 (RFC 7607): no AS at all
	$tree->insert_network('203.0.113.0/25', {
	    autonomous_system_number => 0,
	    autonomous_system_organization => 'Reserved' });
	$tree->insert_network('2001:db8::/32', {
	    autonomous_system_number => 4200000001,
	    autonomous_system_organization => 'Example Six' });
} else {
	$tree->insert_network('192.0.2.0/24', place('San Francisco', 'US',
	    'United States', 'NA', 'North America', 'CA', 'California',
	    '94107', 37.7697, -122.3933, 'America/Los_Angeles'));
	$tree->insert_network('198.51.100.0/24', place('Zürich', 'CH',
	    'Switzerland', 'EU', 'Europe', 'ZH', 'Zurich', '8001',
	    47.3682, 8.5671, 'Europe/Zurich'));
	# A network known only to the country: no city, no location.
	$tree->insert_network('203.0.113.0/25', {
	    continent => { code => 'OC', names => { en => 'Oceania' } },
	    country => { iso_code => 'AU', names => { en => 'Australia' } } });
	$tree->insert_network('2001:db8::/32', place('Sydney', 'AU',
	    'Australia', 'OC', 'Oceania', 'NSW', 'New South Wales', '2000',
	    -33.8715, 151.2006, 'Australia/Sydney')) unless $v4only;
}

open my $fh, '>:raw', $out or die "$out: $!\n";
$tree->write_tree($fh);
close $fh or die "$out: $!\n";

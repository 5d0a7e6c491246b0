"""Run ScoutSuite with EC2 DescribeRegions' opt-in-status filter applied client-side.

ScoutSuite drops every region that `ec2:DescribeRegions` lists under the filter
`opt-in-status = not-opted-in`. moto 5.2.5 ignores that filter and returns all
regions, us-east-1 included, so unpatched ScoutSuite scans no region and
collects no regional service (CloudWatch, Config) from the emulator. This
wrapper keeps only the regions whose OptInStatus matches the filter (what AWS
does server-side), then hands over to ScoutSuite's own command line.

Usage (with ScoutSuite's interpreter): python scout_optin_filter.py aws ARGS...
bench_peers.py runs ScoutSuite both ways and labels which is which.
"""

import sys

from botocore.client import BaseClient
from ScoutSuite.__main__ import run_from_cli

_make_api_call = BaseClient._make_api_call


def _filtered_make_api_call(self, operation_name, api_params):
    result = _make_api_call(self, operation_name, api_params)
    if operation_name == "DescribeRegions":
        for f in api_params.get("Filters", []):
            if f["Name"] == "opt-in-status":
                result["Regions"] = [r for r in result["Regions"] if r.get("OptInStatus") in f["Values"]]
    return result


BaseClient._make_api_call = _filtered_make_api_call

if __name__ == "__main__":
    sys.argv[0] = "scout"
    sys.exit(run_from_cli())

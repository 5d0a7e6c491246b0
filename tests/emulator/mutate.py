"""Change an already seeded emulated organisation, for tests that audit it
twice: add a console user without MFA to a member account, or delete one;
or delete the S3 bucket a member's Config delivery channel writes to in a
region, so its deliveries fail.

    mutate.py --endpoint URL add-console-user ACCOUNT_ID NAME
    mutate.py --endpoint URL delete-user ACCOUNT_ID NAME
    mutate.py --endpoint URL break-config-delivery ACCOUNT_ID REGION
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from seed_org import client, member_creds  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("action", choices=["add-console-user", "delete-user", "break-config-delivery"])
    parser.add_argument("account_id")
    parser.add_argument("name")
    args = parser.parse_args()
    creds = member_creds(args.endpoint, args.account_id)
    if args.action == "break-config-delivery":
        region = args.name
        channels = client(args.endpoint, "config", creds, region).describe_delivery_channels()
        for channel in channels["DeliveryChannels"]:
            client(args.endpoint, "s3", creds, region).delete_bucket(Bucket=channel["s3BucketName"])
        print(f"{args.action} {region} in {args.account_id}", file=sys.stderr)
        return
    iam = client(args.endpoint, "iam", creds)
    if args.action == "add-console-user":
        iam.create_user(UserName=args.name)
        iam.create_login_profile(UserName=args.name, Password="Chang3-me-now!", PasswordResetRequired=True)
    else:
        iam.delete_login_profile(UserName=args.name)
        iam.delete_user(UserName=args.name)
    print(f"{args.action} {args.name} in {args.account_id}", file=sys.stderr)


if __name__ == "__main__":
    main()

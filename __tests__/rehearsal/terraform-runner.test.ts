import { plannedChanges, terraformProblems } from "../../src/rehearsal/terraform-runner";

describe("terraformProblems", () => {
  it("names the resource and keeps the API error of each error, without request ids", () => {
    const output = [
      "aws_vpc.vpc1: Creation complete after 1s [id=vpc-1]",
      "",
      "Error: creating EC2 Instance: operation error EC2: RunInstances, https response error StatusCode: 400, RequestID: joEebWy, api error MissingParameter: The request must contain the parameter size or snapshotId",
      "",
      "  with aws_instance.vpc1,",
      "  on cdk.tf.json line 917, in resource.aws_instance.vpc1:",
      " 917:    },",
      "",
      "Error: No valid credential sources found",
      "",
    ].join("\n");
    expect(terraformProblems(output)).toEqual([
      {
        address: "aws_instance.vpc1",
        message:
          "creating EC2 Instance: operation error EC2: RunInstances, https response error StatusCode: 400, api error MissingParameter: The request must contain the parameter size or snapshotId",
      },
      { message: "No valid credential sources found" },
    ]);
  });

  it("lists an error that terraform repeats only once", () => {
    expect(terraformProblems("Error: execution halted\n\nError: execution halted\n\nError: execution halted\n")).toEqual([
      { message: "execution halted" },
    ]);
  });
});

describe("plannedChanges", () => {
  it("lists each resource a re-plan would change, with the action and the changed attributes", () => {
    const plan = [
      "Terraform will perform the following actions:",
      "",
      "  # aws_vpc_security_group_ingress_rule.vpc1_ssh_from_instance_connect will be updated in-place",
      '  ~ resource "aws_vpc_security_group_ingress_rule" "vpc1_ssh_from_instance_connect" {',
      '      + description = "SSH from the EC2 Instance Connect service (console)"',
      '        id          = "sgr-1"',
      "        # (8 unchanged attributes hidden)",
      "    }",
      "",
      "Plan: 0 to add, 1 to change, 0 to destroy.",
    ].join("\n");
    expect(plannedChanges(plan)).toEqual([
      {
        address: "aws_vpc_security_group_ingress_rule.vpc1_ssh_from_instance_connect",
        message: 'will be updated in-place: + description = "SSH from the EC2 Instance Connect service (console)"',
      },
    ]);
  });
});

output "public_ip" {
  description = "Point the A records of www, api, authent, grafana, mqtt and the apex here."
  value       = aws_eip.host.public_ip
}

output "instance_id" {
  description = "For SSM: aws ssm start-session --target <id>, or send-command running itercraft-deploy."
  value       = aws_instance.host.id
}

output "data_volume_id" {
  description = "EBS volume holding every Docker volume; snapshot it."
  value       = aws_ebs_volume.data.id
}

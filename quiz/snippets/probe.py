"""Run by `quiz device` as a snippet in a worker child: what each CUDA device is."""

import torch


def answer(*, device="cpu"):
    if not device.startswith("cuda"):
        return []
    devices = []
    for index in range(torch.cuda.device_count()):
        props = torch.cuda.get_device_properties(index)
        devices.append([props.name, int(props.total_memory)])
    return devices

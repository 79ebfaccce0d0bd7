// SPDX-License-Identifier: GPL-2.0
/*
 * uinput_keys KEYCODE...: a keyboard made with uinput presses and releases
 * each key in turn, for notifier.sh: the console's keyboard handler takes
 * the keys as it would a real keyboard's, notifier chain first. Each
 * write() to /dev/uinput runs the input handlers before it returns.
 */
#include <fcntl.h>
#include <linux/uinput.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static int emit(int fd, unsigned short type, unsigned short code, int value)
{
	struct input_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = type;
	ev.code = code;
	ev.value = value;
	return write(fd, &ev, sizeof(ev)) == sizeof(ev) ? 0 : -1;
}

static int key(int fd, unsigned short code, int down)
{
	return emit(fd, EV_KEY, code, down) || emit(fd, EV_SYN, SYN_REPORT, 0);
}

int main(int argc, char *argv[])
{
	struct uinput_setup setup;
	int fd, i;

	if (argc < 2) {
		fprintf(stderr, "usage: %s KEYCODE...\n", argv[0]);
		return EXIT_FAILURE;
	}
	fd = open("/dev/uinput", O_WRONLY);
	if (fd < 0) {
		perror("/dev/uinput");
		return EXIT_FAILURE;
	}
	if (ioctl(fd, UI_SET_EVBIT, EV_KEY) < 0)
		goto fail;
	for (i = KEY_ESC; i <= KEY_MICMUTE; i++)
		if (ioctl(fd, UI_SET_KEYBIT, i) < 0)
			goto fail;
	memset(&setup, 0, sizeof(setup));
	setup.id.bustype = BUS_VIRTUAL;
	setup.id.vendor = 0x4c75;	/* "Lu" */
	setup.id.product = 1;
	snprintf(setup.name, sizeof(setup.name), "lunatik selftest keyboard");
	if (ioctl(fd, UI_DEV_SETUP, &setup) < 0 || ioctl(fd, UI_DEV_CREATE) < 0)
		goto fail;
	for (i = 1; i < argc; i++)
		if (key(fd, atoi(argv[i]), 1) || key(fd, atoi(argv[i]), 0))
			goto fail;
	ioctl(fd, UI_DEV_DESTROY);
	close(fd);
	return EXIT_SUCCESS;
fail:
	perror("uinput");
	close(fd);
	return EXIT_FAILURE;
}

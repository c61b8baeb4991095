// The teacher's personal secret link as the page shows it, the one time it is shown: an address
// another device can open (as the join address, never 'localhost'), and its QR code.

import QRCode from 'qrcode';
import type { Config } from './config.ts';
import { currentInterfaces, joinAddress } from './join-address.ts';

export interface ShownLink {
	url: string;
	qrDataUrl: string;
}

export async function showLink(
	secret: string,
	requestUrl: URL,
	config: Config
): Promise<ShownLink> {
	const { origin } = joinAddress({
		publicUrl: config.publicUrl,
		requestUrl,
		interfaces: currentInterfaces(),
		listenHost: config.listenHost
	});
	const url = `${origin}/ruimte/${secret}`;
	const qr = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
	return { url, qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(qr).toString('base64')}` };
}
